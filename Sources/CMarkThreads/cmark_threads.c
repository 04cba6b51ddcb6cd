// Lets cmark-gfm parse on several threads at once.
//
// libcmark-gfm keeps one process-wide table of the characters that start an
// inline extension (`~` for strikethrough, `:`/`w` for autolinks). Around
// every document's inline parse, and around every table row, it adds the
// extensions' characters to the table and then removes them again
// (cmark_manage_extensions_special_characters(parser, 1 / 0)). With two
// threads, one thread's removal lands in the middle of the other's parse,
// which then silently drops strikethrough and autolinks (cmark-gfm PR #176).
//
// Every parser in this program attaches the same extensions, so the table
// never needs to shrink. This definition takes the place of the library's
// (the library calls it through its PLT, and the executable's definition
// comes first in symbol lookup): additions go through to the real function,
// removals are skipped. Concurrent additions write the same values.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include "cmark_threads.h"

typedef void (*manage_fn)(void *parser, int add);

static manage_fn real_manage(void) {
    static manage_fn real = NULL;
    if (real == NULL) {
        real = (manage_fn)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
    }
    return real;
}

void cmark_manage_extensions_special_characters(void *parser, int add) {
    if (!add) return;
    manage_fn real = real_manage();
    if (real != NULL) real(parser, add);
}

int wikisite_cmark_threads_ready(void) {
    // The library's own definition is found next; ours is found first.
    void *first = dlsym(RTLD_DEFAULT, "cmark_manage_extensions_special_characters");
    return first == (void *)&cmark_manage_extensions_special_characters && real_manage() != NULL;
}
