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
        let arguments = Array(CommandLine.arguments.dropFirst())
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
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingWhitespace() }
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
        Console.error(text + "; see '\(commandPath(arguments: Array(CommandLine.arguments.dropFirst()))) --help'")
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
