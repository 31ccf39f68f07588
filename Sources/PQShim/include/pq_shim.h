#ifndef TRACKER_PQ_SHIM_H
#define TRACKER_PQ_SHIM_H
/*
 * libpq for TrackerStore's PostgreSQL backend, loaded on first use.
 *
 * libpq is NOT linked: pqshim_load() opens libpq.so.5 with dlopen the first
 * time a PostgreSQL database is named, so a SQLite-only user needs neither
 * the library nor a server. The table below holds the few functions the
 * backend calls, looked up once (pthread_once).
 */
#include <postgresql/libpq-fe.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pqshim_api {
    PGconn *(*connectdb)(const char *conninfo);
    ConnStatusType (*status)(const PGconn *conn);
    char *(*errorMessage)(const PGconn *conn);
    void (*finish)(PGconn *conn);
    PGresult *(*exec)(PGconn *conn, const char *query);
    PGresult *(*execParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                            const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                            int resultFormat);
    int (*sendQueryParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                           const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                           int resultFormat);
    int (*setSingleRowMode)(PGconn *conn);
    PGresult *(*getResult)(PGconn *conn);
    ExecStatusType (*resultStatus)(const PGresult *res);
    char *(*resultErrorField)(const PGresult *res, int fieldcode);
    char *(*resultErrorMessage)(const PGresult *res);
    int (*ntuples)(const PGresult *res);
    int (*nfields)(const PGresult *res);
    Oid (*ftype)(const PGresult *res, int field_num);
    char *(*fname)(const PGresult *res, int field_num);
    char *(*getvalue)(const PGresult *res, int tup_num, int field_num);
    int (*getlength)(const PGresult *res, int tup_num, int field_num);
    int (*getisnull)(const PGresult *res, int tup_num, int field_num);
    void (*clear)(PGresult *res);
    char *(*cmdTuples)(PGresult *res);
    PQconninfoOption *(*conninfoParse)(const char *conninfo, char **errmsg);
    void (*conninfoFree)(PQconninfoOption *connOptions);
    void (*freemem)(void *ptr);
    char *(*host)(const PGconn *conn);
    char *(*port)(const PGconn *conn);
    char *(*db)(const PGconn *conn);
    char *(*user)(const PGconn *conn);
    PGTransactionStatusType (*transactionStatus)(const PGconn *conn);
    PQnoticeProcessor (*setNoticeProcessor)(PGconn *conn, PQnoticeProcessor proc, void *arg);
} pqshim_api;

/* Loads libpq once. Returns the function table, or NULL with *message set
   to a static human-readable reason. */
const pqshim_api *pqshim_load(const char **message);

/* A notice processor that drops notices (NOTICE lines from the server
   would otherwise go to stderr). */
void pqshim_quiet_notices(void *arg, const char *message);

#ifdef __cplusplus
}
#endif

#endif
