/* Pinyin of Chinese text, from Unicode's Unihan readings (generated at build
 * time into pinyin-table.c by data/gen-pinyin.awk). */
#ifndef JIFEN_PINYIN_H
#define JIFEN_PINYIN_H

#include <stddef.h>

/* The toneless, lowercase readings of one code point ("zeng", "ceng"), the
 * main reading first.  Returns how many were stored in out (0: not Han). */
int jf_pinyin_readings(unsigned cp, const char **out, int max);

/* The main reading of a text, syllables separated by spaces ("ding mei
 * ying"); ASCII letters and digits are kept, lowercased.  With is_name, the
 * first character is read as a surname (曾 zeng, 单 shan, 解 xie, 仇 qiu,
 * 区 ou, 朴 piao, 查 zha, 覃 qin ...). */
void jf_pinyin_main(const char *utf8, int is_name, char *out, size_t outsz);

/* Search keys of a text: initials ("dmy") and full pinyin without spaces
 * ("dingmeiying") for every combination of readings of polyphonic
 * characters, the main reading first, at most `max` of them.  Returns the
 * number stored. */
typedef struct {
	char initials[64];
	char full[256];
} jf_pinyin_key;
int jf_pinyin_keys(const char *utf8, int is_name, jf_pinyin_key *out, int max);

#endif
