#ifndef TRACKER_CSQLITE_SHIM_H
#define TRACKER_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro that Swift cannot import; it tells SQLite
// to copy bound text before sqlite3_bind_* returns.
// https://www.sqlite.org/c3ref/c_static.html
static inline sqlite3_destructor_type tracker_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
#endif
