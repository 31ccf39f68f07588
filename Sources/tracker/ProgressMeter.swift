import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows the progress of long work on stderr, in place on one line:
/// `import: 1,200 items read (3,400/s)`, redrawn at most every 100 ms
/// (TRACKER_PROGRESS_MS changes that, for tests) and wiped when the work
/// ends. Only when stderr is a terminal, never with `--quiet`, and never
/// when standard output goes to the same terminal while it is written
/// (`wholeOutputAtEnd: false`): the lines would mix.
final class ProgressMeter {
    let label: String
    let verb: String
    private var count = 0
    private let start: Double
    private var lastDraw: Double
    private let interval: Double
    private var drawn = false

    private init(label: String, verb: String) {
        self.label = label
        self.verb = verb
        start = ProgressMeter.seconds()
        lastDraw = start
        let ms = Console.environment("TRACKER_PROGRESS_MS").flatMap { Int($0) } ?? 100
        interval = Double(max(0, ms)) / 1000
    }

    /// Starts a meter for this command, or none; `finish()` ends it.
    static func start(_ label: String, verb: String = "read", quiet: Bool, writesStdoutAsItGoes: Bool = false) -> ProgressMeter? {
        guard !quiet, isatty(2) == 1 else { return nil }
        if writesStdoutAsItGoes && isatty(1) == 1 { return nil }
        let meter = ProgressMeter(label: label, verb: verb)
        Progress.meter = { meter.advance($0) }
        current = meter
        return meter
    }

    /// The meter drawing now, if any.
    nonisolated(unsafe) static weak var current: ProgressMeter?

    /// Wipes the progress line before another line goes to stderr (a
    /// warning); the next update draws it again.
    static func clearLine() {
        guard let m = current, m.drawn else { return }
        Console.writeAll(2, Array("\r\u{1B}[K".utf8))
        m.drawn = false
    }

    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func advance(_ n: Int) {
        count += n
        let now = ProgressMeter.seconds()
        guard now - lastDraw >= interval else { return }
        lastDraw = now
        let rate = Double(count) / max(now - start, 0.001)
        let items = count == 1 ? "item" : "items"
        let line = "\r\(label): \(Grouping.digits(Int64(count))) \(items) \(verb) (\(Grouping.digits(Int64(rate.rounded())))/s)\u{1B}[K"
        Console.writeAll(2, Array(line.utf8))
        drawn = true
    }

    /// Wipes the line, so what follows starts on a clean one.
    func finish() {
        Progress.meter = nil
        if drawn { Console.writeAll(2, Array("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    deinit { finish() }
}
