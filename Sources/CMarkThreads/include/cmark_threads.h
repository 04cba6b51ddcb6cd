#ifndef WIKISITE_CMARK_THREADS_H
#define WIKISITE_CMARK_THREADS_H

/// Returns 1 when this process's copy of cmark_manage_extensions_special_characters
/// is the one libcmark-gfm calls (so parsers on several threads are safe).
int wikisite_cmark_threads_ready(void);

#endif
