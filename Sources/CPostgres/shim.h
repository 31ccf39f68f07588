#ifndef TRACKER_CPOSTGRES_SHIM_H
#define TRACKER_CPOSTGRES_SHIM_H
// libpq's declarations only (Debian: libpq-dev); the library itself is
// loaded at run time by PQShim (dlopen), see Sources/PQShim.
#include <postgresql/libpq-fe.h>
#endif
