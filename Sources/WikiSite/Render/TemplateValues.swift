import Mustache

/// A page's context as the template engine reads it fastest, each value
/// reading to a template exactly as the value it wraps.
///
/// swift-mustache finds what to do with a value by casting it to its
/// protocols, in a fixed order, on every variable and section: a String
/// fails four casts (a template, a custom renderable, a lambda, an optional)
/// before it is printed through `String(describing:)`, and a name looked up
/// inside a section over a String or a number reflects it with `Mirror`.
/// Those casts were a quarter of the engine's time on the shared wiki
/// (5 % of a whole build's CPU). Wrapped, a text is found by its second
/// cast and a dictionary by its second, and a name inside a section over
/// either is answered without reflection. `PageKey` reads the context before
/// it is wrapped, so keys do not change.
enum TemplateValues {
    /// The context with its texts, numbers and dictionaries wrapped, at any depth.
    static func wrapped(_ context: [String: Any]) -> TemplateContext {
        TemplateContext(values: context.mapValues(wrapped))
    }

    static func wrapped(_ value: Any) -> Any {
        switch value {
        case let s as String: return TemplateText(text: s)
        case let d as [String: Any]: return wrapped(d)
        case let a as [[String: Any]]: return a.map { wrapped($0) }
        case let n as Int: return TemplateNumber(value: n)
        default: return value
        }
    }
}

/// A value that reads to templates as a String does: a variable shows its
/// text, a section over it renders once (empty or not), `{{.}}` and
/// transforms read the text, and, having no fields of its own, a name looked
/// up inside a section over it is found on the page.
protocol TextValue: MustacheCustomRenderable, MustacheParent, MustacheTransformable {}

extension TextValue {
    var isNull: Bool { false }
    func child(named: String) -> Any? { nil }
    func transform(_ name: String) -> Any? { renderText.transform(name) }
}

/// A String, wrapped.
struct TemplateText: TextValue {
    let text: String
    var renderText: String { text }
}

/// An Int, as templates read it: shown in decimal, a section over it renders
/// once (zero too, as the engine renders any number) and finds names on the
/// page; no transform applies to it.
struct TemplateNumber: MustacheCustomRenderable, MustacheParent {
    let value: Int
    var renderText: String { String(value) }
    var isNull: Bool { false }
    func child(named: String) -> Any? { nil }
}

/// A dictionary of context values, as templates read it: names are its keys,
/// and its transforms are the dictionary's.
struct TemplateContext: MustacheParent, MustacheTransformable {
    let values: [String: Any]
    func child(named name: String) -> Any? { values[name] }
    func transform(_ name: String) -> Any? { values.transform(name) }
}
