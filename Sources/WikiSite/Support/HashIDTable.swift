/// A slot of an open-addressed table: the 64-bit hash it was filled for and
/// its id (-1 while empty).
protocol HashedSlot {
    var hash: UInt64 { get }
    var id: Int32 { get }
    static var empty: Self { get }
}

/// Open addressing over 64-bit hashes the caller already has: linear probing
/// from a multiply-shift of the hash, the table doubled past half full. Swift's
/// dictionary hashed each key again with a seeded SipHash; Dedup's words
/// (`HashIDTable`) and the search index's terms (`SearchIndexer.TermTable`)
/// are looked up here once per word of the wiki, and on a wiki ten times the
/// corpus those lookups grew faster than the wiki.
struct HashedSlots<Slot: HashedSlot> {
    private var slots: [Slot]
    private var shift: UInt64

    init(capacity: Int) {
        var bits: UInt64 = 4
        while 1 << bits < 2 * capacity { bits += 1 }
        slots = [Slot](repeating: .empty, count: 1 << bits)
        shift = 64 - bits
    }

    private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The slot among those probed from `hash`'s home that `matches` accepts,
    /// or the empty one where it would go.
    @inline(__always)
    func find(_ hash: UInt64, _ matches: (Slot) -> Bool) -> (index: Int, found: Bool) {
        let mask = slots.count - 1
        var i = home(hash)
        while slots[i].id >= 0 {
            if slots[i].hash == hash && matches(slots[i]) { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    subscript(index: Int) -> Slot { slots[index] }

    /// Fills the empty slot `index` that `find` gave for `slot`'s hash;
    /// `filled` is how many slots hold an id with it.
    mutating func fill(_ index: Int, with slot: Slot, filled: Int) {
        slots[index] = slot
        guard filled * 2 > slots.count else { return }
        var old: [Slot] = []
        swap(&old, &slots)
        slots = [Slot](repeating: .empty, count: old.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for slot in old where slot.id >= 0 {
            var i = home(slot.hash)
            while slots[i].id >= 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// Lets every slot go.
    mutating func removeAll() { slots = [] }
}

/// Dense ids for 64-bit hashes, in the order they are first added (Dedup
/// interns every word of the wiki through one of these).
struct HashIDTable {
    private struct Slot: HashedSlot {
        var hash: UInt64
        var id: Int32
        static let empty = Slot(hash: 0, id: -1)
    }
    private var slots: HashedSlots<Slot>
    /// How many hashes have an id.
    private(set) var count = 0

    init(capacity: Int = 0) { slots = HashedSlots(capacity: capacity) }

    /// The id of `key`, and whether it was given now (the next id: `count` before the call).
    mutating func id(of key: UInt64) -> (id: Int32, isNew: Bool) {
        let (i, found) = slots.find(key) { _ in true }
        if found { return (slots[i].id, false) }
        let id = Int32(count)
        count += 1
        slots.fill(i, with: Slot(hash: key, id: id), filled: count)
        return (id, true)
    }
}

/// Values by a site path (a page table's files): the path's UTF-8 hashed once
/// a word at a time (`FNV1a.hashWords`), where a dictionary keyed by String
/// hashed it with a seeded SipHash on every insert and lookup (a third of
/// reading a rebuild's two page tables, 80k files each on the corpus, and one
/// lookup per file of the site again while it is rendered). No removal: a
/// table is read whole, then only looked up.
struct PathMap<Value> {
    private typealias Slot = PathSlot
    /// Every path, in the order first set, and its value.
    private(set) var keys: [String] = []
    private(set) var values: [Value] = []
    private var slots: HashedSlots<Slot>

    init(capacity: Int = 0) {
        slots = HashedSlots(capacity: capacity)
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    static func hash(_ path: String) -> UInt64 {
        var path = path
        return path.withUTF8 { FNV1a.hashWords(UnsafeRawBufferPointer($0)) }
    }

    /// The place of `path` among `keys` and `values`, when it has a value.
    func index(of path: String) -> Int? {
        let (i, found) = slots.find(Self.hash(path)) { keys[Int($0.id)] == path }
        return found ? Int(slots[i].id) : nil
    }

    /// The value of `path`; setting nil is not supported (nothing is removed).
    subscript(path: String) -> Value? {
        get {
            let (i, found) = slots.find(Self.hash(path)) { keys[Int($0.id)] == path }
            return found ? values[Int(slots[i].id)] : nil
        }
        set {
            guard let newValue else { preconditionFailure("PathMap does not remove") }
            let hash = Self.hash(path)
            let (i, found) = slots.find(hash) { keys[Int($0.id)] == path }
            if found {
                values[Int(slots[i].id)] = newValue
                return
            }
            keys.append(path)
            values.append(newValue)
            slots.fill(i, with: Slot(hash: hash, id: Int32(keys.count - 1)), filled: keys.count)
        }
    }
}

/// A slot of `PathMap`: a path's hash and the place of its key and value.
struct PathSlot: HashedSlot, Sendable {
    var hash: UInt64
    var id: Int32
    static let empty = PathSlot(hash: 0, id: -1)
}

extension HashedSlots: Sendable where Slot: Sendable {}
extension PathMap: Sendable where Value: Sendable {}
