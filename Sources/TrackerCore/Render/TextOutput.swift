/// A buffered text sink. Listings stream through it, so printing 100k rows
/// never builds one huge string.
public final class TextOutput {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) -> Void
    private let threshold = 1 << 16

    /// `sink` receives the buffered bytes whenever 64 KiB have accumulated,
    /// and on `flush()`.
    public init(sink: @escaping ([UInt8]) -> Void) {
        self.sink = sink
        buffer.reserveCapacity(threshold + 1024)
    }

    public func write(_ text: String) {
        var t = text
        t.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= threshold { flush() }
    }

    public func write(bytes: [UInt8]) {
        if buffer.isEmpty && bytes.count >= threshold {
            sink(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= threshold { flush() }
    }

    public func write(byte: UInt8) {
        buffer.append(byte)
    }

    public func line(_ text: String = "") {
        write(text)
        buffer.append(10)
        if buffer.count >= threshold { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// Collects output in memory (for tests and for composing messages).
public final class CollectedText {
    private final class Box { var bytes: [UInt8] = [] }
    private let box = Box()
    /// The sink to write to; `text` flushes it first.
    public let output: TextOutput

    public init() {
        let box = self.box
        output = TextOutput { box.bytes.append(contentsOf: $0) }
    }

    public var bytes: [UInt8] {
        output.flush()
        return box.bytes
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
