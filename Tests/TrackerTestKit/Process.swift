import Foundation

/// What one run of a program left behind: its exit status, both streams and
/// how long it took.
public struct CLIResult: CustomStringConvertible, Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var seconds: Double

    public init(status: Int32, stdout: String, stderr: String, seconds: Double = 0) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
    }

    public var description: String {
        "exit \(status) in \(String(format: "%.2f", seconds))s\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)--- end ---"
    }
}

/// Collects bytes from a background reader.
private final class Collected: @unchecked Sendable { var data = Data() }

/// A started child process whose pipes are drained in the background, so a
/// chatty child can never block on a full pipe.
public final class Child: @unchecked Sendable {
    public let process = Process()
    public let started = Date()
    private let group = DispatchGroup()
    private let out = Collected(), err = Collected()

    public init(_ executable: URL, _ arguments: [String], environment: [String: String], directory: URL) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let o = Pipe(), e = Pipe()
        process.standardOutput = o
        process.standardError = e
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let oh = o.fileHandleForReading, eh = e.fileHandleForReading
        let out = self.out, err = self.err, group = self.group
        group.enter()
        DispatchQueue.global().async { out.data = oh.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err.data = eh.readDataToEndOfFile(); group.leave() }
    }

    /// Reads both pipes to the end, then waits for the exit.
    public func finish() -> CLIResult {
        group.wait()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: out.data, as: UTF8.self),
                         stderr: String(decoding: err.data, as: UTF8.self), seconds: Date().timeIntervalSince(started))
    }

    public func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }
}

/// Runs a program, reading both pipes to the end before waiting for it.
public func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String],
                       directory: URL) throws -> CLIResult {
    try Child(executable, arguments, environment: environment, directory: directory).finish()
}

/// A self-signed certificate for 127.0.0.1 / localhost written to `cert` and
/// `key` (PEM), by openssl or else the system python's `cryptography`.
public func makeSelfSignedCertificate(cert: String, key: String) throws {
    let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let process = Process()
    if let openssl {
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
            "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
    } else {
        let script = """
            import datetime, ipaddress, sys
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import rsa
            from cryptography.x509.oid import NameOID
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
            now = datetime.datetime.now(datetime.timezone.utc)
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5))
                .not_valid_after(now + datetime.timedelta(days=2))
                .add_extension(x509.SubjectAlternativeName([
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .sign(key, hashes.SHA256()))
            open(sys.argv[1], "wb").write(cert.public_bytes(serialization.Encoding.PEM))
            open(sys.argv[2], "wb").write(key.private_bytes(serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, cert, key]
    }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: cert) else {
        throw SupportError("could not generate a self-signed certificate")
    }
}
