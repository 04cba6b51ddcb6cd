/// A position in one of the build's tables, typed by what it counts, so an
/// article's number can never index the sources or the videos by mistake.
public protocol DenseID: Hashable, Comparable, Sendable, CustomStringConvertible {
    var index: Int { get }
    init(_ index: Int)
}

extension DenseID {
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
    public var description: String { "\(Self.self)(\(index))" }
}

/// A loaded input file (an article or a channel's own page), in path order.
public struct SourceID: DenseID {
    public let index: Int
    public init(_ index: Int) { self.index = index }
}

/// An article page, in path order (channel pages are not articles).
public struct ArticleID: DenseID {
    public let index: Int
    public init(_ index: Int) { self.index = index }
}

/// A channel, in name order.
public struct ChannelID: DenseID {
    public let index: Int
    public init(_ index: Int) { self.index = index }
}

/// A video page (one YouTube video and the articles written from it).
public struct VideoPageID: DenseID {
    public let index: Int
    public init(_ index: Int) { self.index = index }
}

/// A topic page: a link target no article has.
public struct TopicID: DenseID {
    public let index: Int
    public init(_ index: Int) { self.index = index }
}

/// An array whose positions are typed ids: `sources[SourceID]`,
/// `articles[ArticleID]`. Iterates its elements in id order.
public struct IDArray<ID: DenseID, Element>: RandomAccessCollection {
    public var elements: [Element]

    public init(_ elements: [Element] = []) { self.elements = elements }

    public var startIndex: Int { 0 }
    public var endIndex: Int { elements.count }
    public subscript(position: Int) -> Element { elements[position] }

    public subscript(id: ID) -> Element {
        get { elements[id.index] }
        _modify { yield &elements[id.index] }
        set { elements[id.index] = newValue }
    }

    /// Every id, in order.
    public var ids: [ID] { (0..<elements.count).map(ID.init) }

    /// Appends an element and returns its id.
    @discardableResult
    public mutating func append(_ element: Element) -> ID {
        elements.append(element)
        return ID(elements.count - 1)
    }

    /// A table of the same ids with each element transformed.
    public func mapValues<T>(_ transform: (Element) throws -> T) rethrows -> IDArray<ID, T> {
        IDArray<ID, T>(try elements.map(transform))
    }

    /// Each id with its element, in order.
    public var withIDs: Zip2Sequence<[ID], [Element]> { zip(ids, elements) }
}

extension IDArray: Sendable where Element: Sendable {}

extension IDArray where Element: Sendable {
    /// `mapValues` on every core (see `parallelMap`), keyed by id.
    func parallelMapIDs<T: Sendable>(chunk: Int = 8, _ transform: @Sendable (ID) -> T) -> IDArray<ID, T> {
        IDArray<ID, T>(ids.parallelMap(chunk: chunk, transform))
    }
}

extension IDArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}
