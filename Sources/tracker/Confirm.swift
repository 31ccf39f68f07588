import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks before something that cannot be undone. With `--yes` it goes on;
/// without a terminal on standard input it refuses (exit 64), so a script
/// never removes by accident; on a terminal it asks `question [y/N]` on
/// stderr and goes on only for y or yes.
func confirm(_ question: String, what: String, yes: Bool) throws(Failure) {
    if yes { return }
    guard isatty(0) == 1 else {
        throw Failure.usage("\(what) is not undoable; give --yes to confirm")
    }
    Console.stdout.flush()
    Console.writeAll(2, Array("\(Console.oneLine(question)) [y/N] ".utf8))
    let answer = (readLine() ?? "").trimmingWhitespace().lowercased()
    guard answer == "y" || answer == "yes" else {
        throw Failure.usage("not confirmed; nothing was removed")
    }
}
