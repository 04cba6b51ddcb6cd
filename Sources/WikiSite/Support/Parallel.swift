import Dispatch

/// A buffer the workers of `parallelMap` each write their own slots of.
private struct SlotBuffer<R>: @unchecked Sendable {
    let base: UnsafeMutablePointer<R?>
}

extension Array where Element: Sendable {
    /// `map` on every core, keeping the order of the input (so output stays
    /// deterministic). Work is handed out in chunks to keep dispatch cheap.
    func parallelMap<R: Sendable>(chunk: Int = 8, _ transform: @Sendable (Element) -> R) -> [R] {
        let count = self.count
        if count < 2 { return map(transform) }
        let slots = UnsafeMutablePointer<R?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
        defer {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
        let buffer = SlotBuffer(base: slots)
        let chunks = (count + chunk - 1) / chunk
        withoutActuallyEscaping(transform) { transform in
            self.withUnsafeBufferPointer { items in
                let input = UnsafeInput(items: items)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let start = c * chunk
                    for i in start..<Swift.min(start + chunk, count) {
                        buffer.base[i] = transform(input.items[i])
                    }
                }
            }
        }
        return (0..<count).map { slots[$0]! }
    }
}

private struct UnsafeInput<T>: @unchecked Sendable {
    let items: UnsafeBufferPointer<T>
}
