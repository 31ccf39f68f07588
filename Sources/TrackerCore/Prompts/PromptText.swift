/// The rules a prompt's text follows: valid UTF-8, at most 1 MiB, not blank,
/// and no control characters but tab, newline and carriage return. The text
/// is kept exactly as given (no trimming, no normalization).
public enum PromptText {
    public static let maxBytes = 1024 * 1024

    /// The text, or why it is refused (a sentence that says where).
    public static func check(_ bytes: [UInt8], source: String) -> Result<String, Failure> {
        if bytes.count > maxBytes {
            return .failure(Failure.data("\(source) is \(bytes.count) bytes, more than the 1 MiB (\(maxBytes) bytes) a prompt may have; shorten it"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8(bytes)
            return .failure(Failure.data("\(source) is not valid UTF-8 (byte \(offset) of the text); save it as UTF-8"))
        }
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A { line += 1; column = 1; continue }
            if v < 0x20 && v != 0x09 && v != 0x0D || v == 0x7F || (0x80...0x9F).contains(v) {
                let name = v == 0 ? "a NUL character (U+0000)" : "the control character \(PromptText.codePoint(scalar))"
                return .failure(Failure.data("\(source) has \(name) at line \(line), column \(column); remove it (only tab, newline and carriage return are allowed)"))
            }
            column += 1
        }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            return .failure(Failure.data("\(source) is empty; give the prompt's text"))
        }
        return .success(text)
    }

    /// The offset of the first byte that breaks UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            guard length > 0, i + length <= bytes.count,
                  String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil else { return i }
            i += length
        }
        return i
    }

    /// Lower-case hex SHA-256 of the text's UTF-8 bytes.
    public static func sha256(_ text: String) -> String {
        SHA256.hex(SHA256.hash(Array(text.utf8)))
    }
}

extension PromptText {
    /// `U+001B`.
    static func codePoint(_ s: Unicode.Scalar) -> String {
        var hex = String(s.value, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        return "U+" + hex
    }
}
