/* How well a query names a thing (an item, an activity, a verifier, a
 * voucher's resident): by code, name or pinyin, in tiers of exactness.  The
 * command line's resolvers (jf_item_resolve ...), the counter's item filter
 * and the staff screens' filters all match through here, so `redeem … zj`
 * and `zj` typed at the counter pick the same item. */
#ifndef JIFEN_MATCH_H
#define JIFEN_MATCH_H

#include <stddef.h>

/* Best first.  The first tier with any match decides. */
typedef enum {
	JF_MATCH_CODE,   /* the code, any case ("ZJ01" for zj01) */
	JF_MATCH_NAME,   /* the whole name */
	JF_MATCH_PINYIN, /* the initials or full pinyin of a reading ("zj", "zhijin") */
	JF_MATCH_PREFIX, /* the start of the code, the name or a pinyin key */
	JF_MATCH_PART,   /* a part of the name */
	JF_MATCH_NONE,
} jf_match_tier;

/* The pinyin search keys of a name, worked out once: initials and full
 * pinyin of each reading ("zj zhijin"). */
typedef struct {
	char words[1024]; /* whole keys only, the main reading first */
} jf_match_keys;

/* Keys of `name`; with is_name the first character is read as a surname. */
void jf_match_keys_make(const char *name, int is_name, jf_match_keys *k);

/* The tier at which `query` names the thing with this code (NULL or "" for
 * none), name and keys (NULL: worked out from the name, not as a person's
 * name).  An empty query matches everything at JF_MATCH_PART. */
jf_match_tier jf_match(const char *query, const char *code, const char *name,
                       const jf_match_keys *keys);

/* Of n tiers, the index of the first with the best tier; *count (may be
 * NULL) gets how many share it.  Returns -1 (count 0) when none matches. */
long jf_match_best(const jf_match_tier *tiers, size_t n, size_t *count);

#endif
