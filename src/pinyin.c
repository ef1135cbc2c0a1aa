/* Pinyin of Chinese text: readings from Unicode's Unihan database and the
 * surnames of data/surnames.tsv, both compiled into pinyin-table.c by
 * data/gen-pinyin.awk. */
#include <string.h>

#include "jifen/pinyin.h"
#include "jifen/text.h"

/* The generated tables.  A row's readings are NUL-ended in one string that
 * an empty one ends ("ceng\0zeng\0"), the main reading first; rows are
 * sorted by code point. */
struct jf_pinyin_row {
	unsigned cp;
	const char *readings;
};
struct jf_surname_row {
	const char *han;
	const char *readings; /* one per character, the same way */
};
extern const struct jf_pinyin_row jf_pinyin_table[];
extern const size_t jf_pinyin_table_len;
extern const struct jf_surname_row jf_surname_table[];
extern const size_t jf_surname_table_len;

/* Readings kept per character: Unihan gives at most 8. */
#define MAX_READINGS 10
/* Characters (or runs of ASCII) read per text: a name has at most 32. */
#define MAX_TOKENS 64

static const struct jf_pinyin_row *find_row(unsigned cp)
{
	size_t lo = 0, hi = jf_pinyin_table_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (jf_pinyin_table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < jf_pinyin_table_len && jf_pinyin_table[lo].cp == cp)
		return &jf_pinyin_table[lo];
	return NULL;
}

/* Split a list of NUL-ended strings (ended by an empty one) into out[];
 * returns how many. */
static int split_nul(const char *list, const char **out, int max)
{
	int n = 0;
	for (const char *p = list; *p && n < max; p += strlen(p) + 1)
		out[n++] = p;
	return n;
}

int jf_pinyin_readings(unsigned cp, const char **out, int max)
{
	const struct jf_pinyin_row *row = find_row(cp);
	if (!row || max <= 0)
		return 0;
	return split_nul(row->readings, out, max);
}

/* One unit of a text's reading: a Chinese character with its readings, or
 * a run of ASCII letters or of digits, kept as it is (lowercased). */
typedef struct {
	const char *r[MAX_READINGS];
	int nr;
	int ascii; /* 1 letters, 2 digits, 0 Chinese */
	char text[32];
} token;

/* Full-width ASCII (what a Chinese input method types) as ASCII. */
static unsigned narrow(unsigned cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

static int ascii_class(unsigned cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return 1;
	if (cp >= '0' && cp <= '9')
		return 2;
	return 0;
}

/* Put the surname's reading first among the token's readings. */
static void prefer(token *t, const char *reading)
{
	const char *rest[MAX_READINGS];
	int n = 0;
	for (int i = 0; i < t->nr; i++)
		if (strcmp(t->r[i], reading) != 0 && n < MAX_READINGS - 1)
			rest[n++] = t->r[i];
	t->r[0] = reading;
	memcpy(t->r + 1, rest, (size_t)n * sizeof *rest);
	t->nr = n + 1;
}

/* The longest surname that `s` begins with, or NULL. */
static const struct jf_surname_row *surname_of(const char *s)
{
	const struct jf_surname_row *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < jf_surname_table_len; i++) {
		size_t len = strlen(jf_surname_table[i].han);
		if (len > best_len && strncmp(s, jf_surname_table[i].han, len) == 0) {
			best = &jf_surname_table[i];
			best_len = len;
		}
	}
	return best;
}

/* Cut `utf8` into tokens; returns how many.  Other characters (spaces,
 * punctuation, invalid bytes, characters without a reading) separate
 * tokens and are otherwise left out. */
static int tokenize(const char *utf8, int is_name, token *tok, int max)
{
	int n = 0;
	const char *s = utf8 ? utf8 : "";
	size_t len = strlen(s), i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	const struct jf_surname_row *surname = is_name ? surname_of(s + i) : NULL;
	token *cur = NULL; /* the ASCII run being read */
	while (i < len && n < max) {
		unsigned cp;
		int step = jf_utf8_decode(s + i, len - i, &cp);
		if (step == 0) {
			cur = NULL;
			i++;
			continue;
		}
		i += (size_t)step;
		cp = narrow(cp);
		int cls = ascii_class(cp);
		if (cls) {
			if (!cur || cur->ascii != cls) {
				cur = &tok[n++];
				cur->ascii = cls;
				cur->nr = 1;
				cur->text[0] = '\0';
				cur->r[0] = cur->text;
			}
			size_t tl = strlen(cur->text);
			if (tl + 1 < sizeof cur->text) {
				cur->text[tl] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
				cur->text[tl + 1] = '\0';
			}
			continue;
		}
		cur = NULL;
		token *t = &tok[n];
		t->ascii = 0;
		t->nr = jf_pinyin_readings(cp, t->r, MAX_READINGS);
		if (t->nr > 0)
			n++;
	}
	if (surname) {
		const char *sr[8];
		int k = split_nul(surname->readings, sr, 8);
		for (int j = 0; j < k && j < n; j++)
			if (!tok[j].ascii)
				prefer(&tok[j], sr[j]);
	}
	return n;
}

void jf_pinyin_main(const char *utf8, int is_name, char *out, size_t outsz)
{
	token tok[MAX_TOKENS];
	int n = tokenize(utf8, is_name, tok, MAX_TOKENS);
	size_t o = 0;
	if (outsz == 0)
		return;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t rl = strlen(tok[i].r[0]);
		size_t need = rl + (o ? 1 : 0);
		if (o + need >= outsz)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, tok[i].r[0], rl);
		o += rl;
		out[o] = '\0';
	}
}

/* Build the key of one combination of readings (choice[i] for token i);
 * a text too long for the key is cut at a token. */
static void make_key(const token *tok, int n, const int *choice, jf_pinyin_key *k)
{
	size_t oi = 0, of = 0;
	k->initials[0] = k->full[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *r = tok[i].r[choice[i]];
		size_t rl = strlen(r);
		/* initials: a run of digits whole, else the first letter */
		size_t il = tok[i].ascii == 2 ? rl : 1;
		if (of + rl >= sizeof k->full || oi + il >= sizeof k->initials)
			break;
		memcpy(k->full + of, r, rl);
		of += rl;
		memcpy(k->initials + oi, r, il);
		oi += il;
		k->full[of] = k->initials[oi] = '\0';
	}
}

typedef struct {
	const token *tok;
	int n;
	int choice[MAX_TOKENS];
	int poly_after[MAX_TOKENS + 1]; /* polyphonic tokens from i on */
	jf_pinyin_key *out;
	int count, max;
	long steps; /* combinations looked at, see KEY_STEPS_MAX */
} key_walk;

/* How many combinations the walk may look at.  A text longer than a key
 * holds (jf_pinyin_keys on a long query or note) makes every combination
 * that varies a token past the cut give a key already found, so `max`
 * distinct keys may never come and the walk would try all of them:
 * exponential in the polyphonic characters (43 x 双 then 16 x 行 took
 * minutes).  Names, at most 32 characters, never come near this. */
#define KEY_STEPS_MAX 20000

static void emit(key_walk *w)
{
	jf_pinyin_key k;
	make_key(w->tok, w->n, w->choice, &k);
	for (int i = 0; i < w->count; i++)
		if (strcmp(w->out[i].full, k.full) == 0 &&
		    strcmp(w->out[i].initials, k.initials) == 0)
			return;
	w->out[w->count++] = k;
}

/* Every combination with exactly `left` tokens off their main reading, the
 * changes from token `pos` on. */
static void walk(key_walk *w, int pos, int left)
{
	if (w->count >= w->max || ++w->steps > KEY_STEPS_MAX)
		return;
	if (left == 0) {
		emit(w);
		return;
	}
	for (int i = pos; i < w->n && w->poly_after[i] >= left; i++) {
		for (int j = 1; j < w->tok[i].nr && w->count < w->max; j++) {
			w->choice[i] = j;
			walk(w, i + 1, left - 1);
		}
		w->choice[i] = 0;
	}
}

int jf_pinyin_keys(const char *utf8, int is_name, jf_pinyin_key *out, int max)
{
	key_walk w;
	token tok[MAX_TOKENS];
	if (max <= 0)
		return 0;
	w.tok = tok;
	w.n = tokenize(utf8, is_name, tok, MAX_TOKENS);
	if (w.n == 0)
		return 0;
	w.out = out;
	w.count = 0;
	w.max = max;
	w.steps = 0;
	w.poly_after[w.n] = 0;
	for (int i = w.n - 1; i >= 0; i--)
		w.poly_after[i] = w.poly_after[i + 1] + (tok[i].nr > 1);
	for (int i = 0; i < w.n; i++)
		w.choice[i] = 0;
	/* the main reading first, then one character read otherwise, then two
	 * ...: a cap keeps the readings a person is likeliest to type */
	for (int d = 0; d <= w.poly_after[0] && w.count < max; d++)
		walk(&w, 0, d);
	return w.count;
}
