/// Progress of long work (sync, import, export): the loops report items
/// done; a command that shows progress installs a meter (on a terminal
/// only), and with none installed a report costs one nil check.
public enum Progress {
    nonisolated(unsafe) public static var meter: ((Int) -> Void)?

    /// Reports `n` more items done.
    @inline(__always)
    public static func advance(_ n: Int = 1) { meter?(n) }
}
