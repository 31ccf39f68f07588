import ArgumentParser
import TrackerCore
import TrackerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entry point: runs the command and turns every failure into one line
/// `error: ...` on stderr with a sysexits code.
@main
enum TrackerMain {
    static func main() {
        let arguments = CommandLineRepair.joiningNegativeValues(Array(CommandLine.arguments.dropFirst()))
        let command: ParsableCommand
        do {
            command = try Tracker.parseAsRoot(arguments)
        } catch {
            exitForParse(error)
        }
        do {
            var command = command
            try command.run()
            try Console.finishOutput()
            CreatedDatabase.announceIfCreated()
            CreatedDatabase.store = nil // closes the connection: SQLite tidies its WAL files
            exit(0)
        } catch let failure as Failure {
            Console.stdout.flush()
            CreatedDatabase.removeIfUnused()
            Console.error(failure.message)
            exit(failure.kind.rawValue)
        } catch let code as ExitCode {
            do {
                try Console.finishOutput()
            } catch {
                Console.error(error.message)
                exit(error.kind.rawValue)
            }
            CreatedDatabase.announceIfCreated()
            CreatedDatabase.store = nil
            exit(code.rawValue)
        } catch {
            Console.stdout.flush()
            exitForParse(error)
        }
    }

    /// Help and version requests print as ArgumentParser formats them; every
    /// other parse error becomes one line with exit 64.
    static func exitForParse(_ error: Error) -> Never {
        let code = Tracker.exitCode(for: error)
        if code == .success { Tracker.exit(withError: error) }
        let message = Tracker.message(for: error)
            .replacing(". Please provide one of ", with: "; use one of ")
            .split(whereSeparator: \.isNewline)
            .map { line in
                // ArgumentParser ends some lines with a period; joined with
                // "; " that would read ".;".
                var line = line.trimmingWhitespace()
                if line.hasSuffix(".") && !line.hasSuffix("..") { line.removeLast() }
                return line
            }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
        var text = message.isEmpty ? "invalid command line" : message
        if let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase == true {
            text = first.lowercased() + text.dropFirst()
        }
        if let failure = error as? Failure {
            Console.error(failure.message)
            exit(failure.kind.rawValue)
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let unknown = CommandLineRepair.unknownSubcommand(arguments),
           text.contains("unexpected argument"), text.contains("'\(unknown.word)'") {
            if let guess = unknown.suggestion {
                Console.error("unknown command '\(unknown.word)'; did you mean '\(unknown.path) \(guess)'? See '\(unknown.path) --help' for the commands")
            } else {
                Console.error("unknown command '\(unknown.word)'; see '\(unknown.path) --help' for the commands")
            }
            exit(Failure.Kind.usage.rawValue)
        }
        Console.error(text + "; see '\(commandPath(arguments: arguments)) --help'")
        exit(code == .validationFailure ? Failure.Kind.usage.rawValue : code.rawValue)
    }
}

/// The command a command line names, e.g. `tracker base add`, for hints.
func commandPath(arguments: [String]) -> String {
    var path = ["tracker"]
    var current: ParsableCommand.Type = Tracker.self
    for argument in arguments {
        guard let next = current.configuration.subcommands.first(where: { $0.configuration.commandName == argument }) else { break }
        path.append(argument)
        current = next
    }
    return path.joined(separator: " ")
}


/// Repairs and hints for what ArgumentParser makes of a command line.
enum CommandLineRepair {
    /// `--cost -5` would be read as the option `--cost` without a value and
    /// an unknown short option `-5`: a long option followed by a negative
    /// number (`-5`, `-5.50`, `-$5`, `-.5`) becomes `--cost=-5`, so the
    /// value's own check says what is wrong with it. Nothing after `--`
    /// changes, and no tracker option has a digit for a short name.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { out += arguments[i...]; break }
            if a.hasPrefix("--"), a.count > 2, !a.contains("="), i + 1 < arguments.count,
               isNegativeNumber(arguments[i + 1]) {
                out.append(a + "=" + arguments[i + 1])
                i += 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }

    static func isNegativeNumber(_ s: String) -> Bool {
        var rest = s.unicodeScalars.dropFirst()
        guard s.hasPrefix("-"), let first = rest.first else { return false }
        if "$€£¥".unicodeScalars.contains(first) { rest = rest.dropFirst() }
        guard let lead = rest.first, lead.properties.numericType != nil || lead == "." else { return false }
        return rest.allSatisfy { $0.properties.numericType != nil || ".,_ ".unicodeScalars.contains($0) || ($0.value >= 65 && $0.value <= 90) }
    }

    /// The word a command line gives where a subcommand belongs, when it
    /// names none: its command path, the word, and the closest name.
    static func unknownSubcommand(_ arguments: [String]) -> (path: String, word: String, suggestion: String?)? {
        var path = ["tracker"]
        var current: ParsableCommand.Type = Tracker.self
        for argument in arguments {
            let subs = current.configuration.subcommands
            if let next = subs.first(where: { $0.configuration.commandName == argument }) {
                path.append(argument)
                current = next
                continue
            }
            guard !subs.isEmpty, current.configuration.defaultSubcommand == nil, !argument.hasPrefix("-") else { return nil }
            let names = subs.compactMap { $0.configuration.commandName }
            return (path.joined(separator: " "), argument, closest(argument, among: names))
        }
        return nil
    }

    /// The name nearest to `word` by edit distance (a transposition counts
    /// once), when near enough to be a typo; or the only name it begins.
    static func closest(_ word: String, among names: [String]) -> String? {
        let w = Array(word.lowercased())
        let starts = names.filter { $0.hasPrefix(word.lowercased()) }
        if starts.count == 1 { return starts[0] }
        var best: (String, Int)?
        for name in names {
            let d = distance(w, Array(name))
            if d <= max(1, min(2, name.count / 3)), d < (best?.1 ?? .max) { best = (name, d) }
        }
        return best?.0
    }

    /// Optimal string alignment distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
