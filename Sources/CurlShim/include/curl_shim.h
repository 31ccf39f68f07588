#ifndef TRACKER_CURL_SHIM_H
#define TRACKER_CURL_SHIM_H
/*
 * A small C layer over libcurl for TrackerTransport.
 *
 * libcurl is NOT linked: it is loaded with dlopen("libcurl.so.4") on first
 * use, so commands that never touch the network do not pay for it. This
 * header deliberately exposes no curl types; Swift only sees the structs and
 * functions below.
 *
 * Thread safety: every call creates and destroys its own easy handle;
 * curl_global_init runs once (pthread_once). Calls may run concurrently on
 * different threads.
 */
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Outcome kinds (cshim_result.kind). */
#define CSHIM_OK 0
#define CSHIM_UNAVAILABLE 1   /* libcurl could not be loaded */
#define CSHIM_TIMEOUT 2
#define CSHIM_CONNECT 3       /* could not resolve / connect */
#define CSHIM_TLS 4           /* TLS failure, or STARTTLS required but not offered */
#define CSHIM_AUTH 5          /* login denied (SMTP 535, 530, ...) */
#define CSHIM_REJECTED 6      /* SMTP 4xx/5xx other than auth */
#define CSHIM_PROTOCOL 7      /* malformed / unexpected server reply */
#define CSHIM_TOO_LARGE 8     /* response body exceeded max_body */
#define CSHIM_OTHER 9

typedef struct cshim_http_request {
    const char *method;                 /* "GET", "POST", ... */
    const char *url;
    const char *const *headers;         /* "Name: value" lines */
    size_t header_count;
    const unsigned char *body;          /* may be NULL when body_len == 0 */
    size_t body_len;
    long timeout_ms;                    /* total; 0 = none */
    long connect_timeout_ms;            /* 0 = libcurl default */
    size_t max_body;                    /* at most this many body bytes are read */
    int keep_prefix;                    /* 0: a longer body fails with CSHIM_TOO_LARGE;
                                           1: keep its first max_body bytes, stop
                                           reading, and succeed (body_truncated) */
    const char *ca_file;                /* NULL = system CA bundle */
} cshim_http_request;

typedef struct cshim_smtp_request {
    const char *url;                    /* smtp://host:port or smtps://host:port */
    const char *username;               /* NULL = no AUTH */
    const char *password;               /* NULL = none */
    const char *mail_from;
    const char *const *recipients;
    size_t recipient_count;
    const unsigned char *message;
    size_t message_len;
    int require_tls;                    /* 1: CURLUSESSL_ALL, 0: CURLUSESSL_NONE */
    const char *ca_file;                /* NULL = system CA bundle */
    long timeout_ms;
    long connect_timeout_ms;
} cshim_smtp_request;

typedef struct cshim_result {
    int kind;                /* CSHIM_* */
    int curl_code;           /* CURLcode, -1 when libcurl is unavailable */
    long response_code;      /* HTTP status or last SMTP reply code; 0 if none */
    char *error_text;        /* curl's error text, or the load error; may be NULL.
                                NOT redacted: may contain the URL. */
    char *server_text;       /* SMTP: last reply line from the server; may be NULL */
    unsigned char *body;     /* HTTP response body (malloc'd); may be NULL */
    size_t body_len;
    int body_truncated;      /* 1: the body went on past max_body (keep_prefix) */
    unsigned char *headers;  /* raw HTTP response header bytes (all blocks) */
    size_t headers_len;
} cshim_result;

/* Load libcurl and run curl_global_init once. Returns 0 on success; on
   failure returns -1 and, if message is not NULL, sets *message to a static
   human-readable string. */
int cshim_load(const char **message);

/* Perform one HTTP request. Always fills *result (call cshim_result_free). */
void cshim_http_perform(const cshim_http_request *request, cshim_result *result);

/* Send one SMTP message. Always fills *result (call cshim_result_free). */
void cshim_smtp_send(const cshim_smtp_request *request, cshim_result *result);

void cshim_result_free(cshim_result *result);

#ifdef __cplusplus
}
#endif

#endif
