/* Matching a query to a code, a name or its pinyin, in tiers of exactness. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "jifen/match.h"
#include "jifen/pinyin.h"

#define KEYS_MAX 16 /* readings of polyphonic characters */

void jf_match_keys_make(const char *name, int is_name, jf_match_keys *k)
{
	jf_pinyin_key keys[KEYS_MAX];
	int n = jf_pinyin_keys(name ? name : "", is_name, keys, KEYS_MAX);
	size_t used = 0;
	k->words[0] = '\0';
	for (int i = 0; i < n; i++) {
		int w = snprintf(k->words + used, sizeof k->words - used, "%s%s %s", i ? " " : "",
		                 keys[i].initials, keys[i].full);
		if (w < 0 || (size_t)w >= sizeof k->words - used) {
			k->words[used] = '\0'; /* only whole keys */
			break;
		}
		used += (size_t)w;
	}
}

/* The query lowercased, if it is ASCII letters and digits only (something
 * that may be pinyin); empty otherwise. */
static void pinyin_query(const char *q, char *out, size_t len)
{
	size_t i = 0;
	for (; q[i] && i + 1 < len; i++) {
		if (!isalnum((unsigned char)q[i])) {
			out[0] = '\0';
			return;
		}
		out[i] = (char)tolower((unsigned char)q[i]);
	}
	out[q[i] ? 0 : i] = '\0';
}

/* The best tier at which py equals (JF_MATCH_PINYIN) or starts
 * (JF_MATCH_PREFIX) a word of `words`. */
static jf_match_tier pinyin_tier(const char *words, const char *py)
{
	jf_match_tier best = JF_MATCH_NONE;
	size_t ql = strlen(py);
	const char *p = words;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		size_t wl = (size_t)(e - p);
		if (wl >= ql && strncmp(p, py, ql) == 0) {
			if (wl == ql)
				return JF_MATCH_PINYIN;
			best = JF_MATCH_PREFIX;
		}
		p = e;
	}
	return best;
}

jf_match_tier jf_match(const char *q, const char *code, const char *name,
                       const jf_match_keys *keys)
{
	if (!q || !*q)
		return JF_MATCH_PART;
	if (!name)
		name = "";
	size_t ql = strlen(q);
	int has_code = code && *code;
	if (has_code && strcasecmp(code, q) == 0)
		return JF_MATCH_CODE;
	if (strcmp(name, q) == 0)
		return JF_MATCH_NAME;
	jf_match_tier best = JF_MATCH_NONE;
	char py[256];
	pinyin_query(q, py, sizeof py);
	if (py[0]) {
		jf_match_keys mine;
		if (!keys) {
			jf_match_keys_make(name, 0, &mine);
			keys = &mine;
		}
		best = pinyin_tier(keys->words, py);
		if (best == JF_MATCH_PINYIN)
			return best;
	}
	if (strncmp(name, q, ql) == 0 || (has_code && strncasecmp(code, q, ql) == 0))
		return JF_MATCH_PREFIX;
	if (best == JF_MATCH_NONE && strstr(name, q))
		best = JF_MATCH_PART;
	return best;
}

long jf_match_best(const jf_match_tier *tiers, size_t n, size_t *count)
{
	jf_match_tier best = JF_MATCH_NONE;
	long first = -1;
	size_t c = 0;
	for (size_t i = 0; i < n; i++) {
		if (tiers[i] < best) {
			best = tiers[i];
			first = (long)i;
			c = 1;
		} else if (tiers[i] == best && best != JF_MATCH_NONE) {
			c++;
		}
	}
	if (count)
		*count = c;
	return first;
}
