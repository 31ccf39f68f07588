#ifndef TRACKER_CCURL_SHIM_H
#define TRACKER_CCURL_SHIM_H
// libcurl's declarations only; the library itself is loaded at run time by
// CurlShim (dlopen), see Sources/CurlShim.
#include <curl/curl.h>
#endif
