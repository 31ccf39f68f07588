import Testing
@testable import TrackerCore

/// A fixture day from literal ISO text; a typo in a test is a test bug, so trap.
func day(_ iso: String) -> Day {
    guard let d = Day(iso: iso) else { fatalError("bad fixture day \(iso)") }
    return d
}

func span(_ text: String) -> Span {
    guard let s = Span(text) else { fatalError("bad fixture span \(text)") }
    return s
}

func ref(_ text: String) -> BaseRef {
    guard let r = BaseRef(text) else { fatalError("bad fixture ref \(text)") }
    return r
}

/// A base snapshot with the lifecycle facts a test cares about.
func base(_ id: Int64, _ refText: String, released: String?, deprecated: Deprecation = .none,
          shutdown: String? = nil, successor: Int64? = nil) -> BaseVersion {
    let r = ref(refText)
    return BaseVersion(id: id, ref: r, modelID: r.defaultModelID, released: released.map(day),
                       deprecation: deprecated, shutdown: shutdown.map(day), successorID: successor)
}

/// Collects what a renderer writes and returns it as text.
func render(_ body: (TextOutput) -> Void) -> String {
    let collected = CollectedText()
    do {
        let out = collected.output
        body(out)
        out.flush()
    }
    return collected.text
}
