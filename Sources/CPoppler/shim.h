// poppler's GLib C interface (Debian: libpoppler-glib-dev): PDF pages, their text and its layout.
#include <poppler.h>
