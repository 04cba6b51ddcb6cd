/// Dense ids for 64-bit hashes, in the order they are first added: an
/// open-addressed table of (hash, id) slots, linear probing from a
/// multiply-shift of the hash. Swift's dictionary hashed each key again with
/// a seeded SipHash; Dedup interns every word of the wiki through one of
/// these, and on a wiki ten times the corpus, with ten times the words, those
/// lookups grew faster than the wiki.
struct HashIDTable {
    private struct Slot { var key: UInt64; var id: Int32 }
    private var slots: [Slot]
    private var shift: UInt64
    /// How many hashes have an id.
    private(set) var count = 0

    init(capacity: Int = 0) {
        var bits: UInt64 = 4
        while 1 << bits < 2 * capacity { bits += 1 }
        slots = [Slot](repeating: Slot(key: 0, id: -1), count: 1 << bits)
        shift = 64 - bits
    }

    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The id of `key`, and whether it was given now (the next id: `count` before the call).
    mutating func id(of key: UInt64) -> (id: Int32, isNew: Bool) {
        let mask = slots.count - 1
        var i = home(key)
        while slots[i].id >= 0 {
            if slots[i].key == key { return (slots[i].id, false) }
            i = (i + 1) & mask
        }
        let id = Int32(count)
        slots[i] = Slot(key: key, id: id)
        count += 1
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        var old: [Slot] = []
        swap(&old, &slots)
        slots = [Slot](repeating: Slot(key: 0, id: -1), count: old.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for slot in old where slot.id >= 0 {
            var i = home(slot.key)
            while slots[i].id >= 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}
