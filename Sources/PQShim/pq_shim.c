/*
 * libpq loaded at run time (dlopen), see include/pq_shim.h.
 */
#include "pq_shim.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static pqshim_api api;
static const char *load_error = NULL;
static int loaded = 0;

static void *sym(void *lib, const char *name, int *missing) {
    void *p = dlsym(lib, name);
    if (!p) *missing = 1;
    return p;
}

static void load_once_fn(void) {
    void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        load_error = "libpq (libpq.so.5) is not installed; install it (Debian: apt install libpq5) to use a PostgreSQL database";
        return;
    }
    int missing = 0;
    api.connectdb = sym(lib, "PQconnectdb", &missing);
    api.status = sym(lib, "PQstatus", &missing);
    api.errorMessage = sym(lib, "PQerrorMessage", &missing);
    api.finish = sym(lib, "PQfinish", &missing);
    api.exec = sym(lib, "PQexec", &missing);
    api.execParams = sym(lib, "PQexecParams", &missing);
    api.sendQueryParams = sym(lib, "PQsendQueryParams", &missing);
    api.setSingleRowMode = sym(lib, "PQsetSingleRowMode", &missing);
    api.getResult = sym(lib, "PQgetResult", &missing);
    api.resultStatus = sym(lib, "PQresultStatus", &missing);
    api.resultErrorField = sym(lib, "PQresultErrorField", &missing);
    api.resultErrorMessage = sym(lib, "PQresultErrorMessage", &missing);
    api.ntuples = sym(lib, "PQntuples", &missing);
    api.nfields = sym(lib, "PQnfields", &missing);
    api.ftype = sym(lib, "PQftype", &missing);
    api.fname = sym(lib, "PQfname", &missing);
    api.getvalue = sym(lib, "PQgetvalue", &missing);
    api.getlength = sym(lib, "PQgetlength", &missing);
    api.getisnull = sym(lib, "PQgetisnull", &missing);
    api.clear = sym(lib, "PQclear", &missing);
    api.cmdTuples = sym(lib, "PQcmdTuples", &missing);
    api.conninfoParse = sym(lib, "PQconninfoParse", &missing);
    api.conninfoFree = sym(lib, "PQconninfoFree", &missing);
    api.freemem = sym(lib, "PQfreemem", &missing);
    api.host = sym(lib, "PQhost", &missing);
    api.port = sym(lib, "PQport", &missing);
    api.db = sym(lib, "PQdb", &missing);
    api.user = sym(lib, "PQuser", &missing);
    api.transactionStatus = sym(lib, "PQtransactionStatus", &missing);
    api.setNoticeProcessor = sym(lib, "PQsetNoticeProcessor", &missing);
    if (missing) {
        load_error = "the installed libpq (libpq.so.5) lacks functions tracker needs; install a current libpq5";
        return;
    }
    loaded = 1;
}

const pqshim_api *pqshim_load(const char **message) {
    pthread_once(&load_once, load_once_fn);
    if (!loaded) {
        if (message) *message = load_error;
        return NULL;
    }
    return &api;
}

void pqshim_quiet_notices(void *arg, const char *message) {
    (void)arg;
    (void)message;
}
