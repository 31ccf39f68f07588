#ifndef TRACKER_CSQLITE_SHIM_H
#define TRACKER_CSQLITE_SHIM_H
#include <sqlite3.h>
#include <fcntl.h>
#include <string.h>
#include <errno.h>

// SQLITE_TRANSIENT is a cast macro that Swift cannot import; it tells SQLite
// to copy bound text before sqlite3_bind_* returns.
// https://www.sqlite.org/c3ref/c_static.html
static inline sqlite3_destructor_type tracker_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// Open-file-description locks (Linux 3.15+): byte-range locks owned by one
// open file, not by the process, so they are not dropped when another
// descriptor of the same file is closed and they conflict between two opens
// in one process. https://man7.org/linux/man-pages/man2/fcntl.2.html
#ifndef F_OFD_SETLK
#define F_OFD_SETLK 37
#endif
#ifndef F_OFD_SETLKW
#define F_OFD_SETLKW 38
#endif

/// Locks (F_RDLCK / F_WRLCK) or unlocks (F_UNLCK) one byte at `offset`.
/// Returns 0, or an errno value (EAGAIN when `wait` is 0 and it is held).
static inline int tracker_byte_lock(int fd, long long offset, short type, int wait) {
#ifdef __linux__
    struct flock lock;
    memset(&lock, 0, sizeof lock);
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = (off_t)offset;
    lock.l_len = 1;
    lock.l_pid = 0;
    for (;;) {
        if (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &lock) == 0) return 0;
        if (errno != EINTR) return errno == EACCES ? EAGAIN : errno;
    }
#else
    (void)fd; (void)offset; (void)type; (void)wait;
    return ENOTSUP;
#endif
}

static inline short tracker_lock_read(void) { return F_RDLCK; }
static inline short tracker_lock_write(void) { return F_WRLCK; }
static inline short tracker_lock_unlock(void) { return F_UNLCK; }
#endif
