import Dispatch

/// A value made on another core while the build goes on, for work whose
/// result a later step needs (a table read from the build cache while the
/// articles load). With one job (`--jobs 1`) it is made when first asked for.
/// One consumer reads `value`.
final class Background<T: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: T?
    private var work: (@Sendable () -> T)?

    init(_ work: @escaping @Sendable () -> T) {
        guard Parallelism.jobs > 1 else {
            self.work = work
            return
        }
        group.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.group.leave()
        }
    }

    var value: T {
        if let work {
            result = work()
            self.work = nil
        }
        group.wait()
        return result!
    }
}
