/* Shared by the benchmark programs in tests/bench/: the clock, a
 * reproducible random stream, the people and places the generator draws
 * from, and the calendar of the generated year.  Not part of jifen. */
#ifndef JIFEN_BENCH_H
#define JIFEN_BENCH_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The generated year, in China Standard Time (no daylight saving, so a POSIX
 * TZ string needs no tzdata).  The busy day carries the reconciliation
 * benchmark's 2,000 redemptions: the year's last day, as 日结 is made at the
 * end of the day it reconciles; the notice month is the year's last month,
 * published when it ends.  An older day is measured too (BENCH_PAST_DAY). */
#define BENCH_TZ "CST-8"
#define BENCH_YEAR_START "2025-01-01"
#define BENCH_DAYS 365
#define BENCH_BUSY_DAY "2025-12-31"
#define BENCH_PAST_DAY "2025-06-18"
#define BENCH_NOTICE_MONTH "2025-12"
#define BENCH_PIN "2468"

static inline void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static inline void bench_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static inline double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of the calling thread: what the work cost, without the time
 * spent waiting for a CPU on a shared machine. */
static inline double bench_cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Midnight of YYYY-MM-DD in the process's time zone. */
static inline int64_t bench_day_start(const char *day)
{
	struct tm tm = {0};
	if (sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		bench_die("bad date %s", day);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static inline void bench_set_tz(void)
{
	setenv("TZ", BENCH_TZ, 1);
	tzset();
}

/* xoshiro256** seeded by splitmix64: fast, and the same stream everywhere. */
typedef struct {
	uint64_t s[4];
} bench_rng;

static inline uint64_t bench_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline void bench_rng_seed(bench_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
		z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
		r->s[i] = z ^ (z >> 31);
	}
}

static inline uint64_t bench_next(bench_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = bench_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = bench_rotl(s[3], 45);
	return out;
}

/* Uniform in [0, n). */
static inline uint64_t bench_below(bench_rng *r, uint64_t n)
{
	return n ? bench_next(r) % n : 0;
}

/* Uniform in [0, 1). */
static inline double bench_unit(bench_rng *r)
{
	return (double)(bench_next(r) >> 11) / 9007199254740992.0;
}

/* --- people and places ---------------------------------------------------- */

/* Common surnames with their rough share of the population in hundredths of
 * a percent (after the 2020 census ranking), so that 王, 李 and 张 are as
 * common as they are, and the rarer readings (曾 zeng, 单 shan, 解 xie, 仇
 * qiu, 区 ou, 查 zha, 覃 qin, 乐 yue) and compound surnames turn up too. */
typedef struct {
	const char *name;
	int weight;
} bench_weighted;

static const bench_weighted bench_surnames[] = {
	{"王", 710}, {"李", 700}, {"张", 670}, {"刘", 540}, {"陈", 450}, {"杨", 310}, {"黄", 220},
	{"赵", 200}, {"吴", 200}, {"周", 190}, {"徐", 160}, {"孙", 150}, {"马", 140}, {"朱", 130},
	{"胡", 130}, {"郭", 110}, {"何", 110}, {"高", 100}, {"林", 100}, {"罗", 90},  {"郑", 90},
	{"梁", 80},  {"谢", 80},  {"宋", 70},  {"唐", 70},  {"许", 60},  {"韩", 60},  {"冯", 60},
	{"邓", 60},  {"曹", 50},  {"彭", 50},  {"曾", 50},  {"肖", 50},  {"田", 50},  {"董", 50},
	{"袁", 40},  {"潘", 40},  {"于", 40},  {"蒋", 40},  {"蔡", 40},  {"余", 40},  {"杜", 40},
	{"叶", 40},  {"程", 40},  {"苏", 40},  {"魏", 30},  {"吕", 30},  {"丁", 30},  {"任", 30},
	{"沈", 30},  {"姚", 30},  {"卢", 30},  {"姜", 30},  {"崔", 30},  {"钟", 30},  {"谭", 30},
	{"陆", 30},  {"汪", 30},  {"范", 20},  {"金", 20},  {"石", 20},  {"廖", 20},  {"贾", 20},
	{"夏", 20},  {"韦", 20},  {"付", 20},  {"方", 20},  {"白", 20},  {"邹", 20},  {"孟", 20},
	{"熊", 20},  {"秦", 20},  {"邱", 20},  {"江", 20},  {"尹", 20},  {"薛", 20},  {"闫", 20},
	{"段", 20},  {"雷", 20},  {"侯", 20},  {"龙", 20},  {"史", 20},  {"陶", 20},  {"黎", 20},
	{"贺", 20},  {"顾", 10},  {"毛", 10},  {"郝", 10},  {"龚", 10},  {"邵", 10},  {"万", 10},
	{"钱", 10},  {"严", 10},  {"覃", 10},  {"武", 10},  {"戴", 10},  {"莫", 10},  {"孔", 10},
	{"向", 10},  {"汤", 10},  {"房", 5},   {"原", 5},   {"单", 5},   {"解", 5},   {"仇", 3},
	{"查", 3},   {"区", 2},   {"乐", 2},   {"欧阳", 4}, {"司马", 1}, {"诸葛", 1}, {"上官", 1},
};

/* Characters common in given names, men's, women's and either; a few have
 * more than one reading (长 乐 朝 和 重 行), as real names do. */
static const char *const bench_given[] = {
	"伟", "芳", "娜", "秀", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
	"涛", "明", "超", "兰", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "建", "文",
	"辉", "力", "国", "春", "梅", "林", "云", "海", "波", "鹏", "宇", "浩", "凯", "健", "俊",
	"帆", "旭", "宁", "龙", "欣", "雪", "琳", "晶", "颖", "慧", "莉", "婷", "倩", "玲", "燕",
	"丹", "佳", "嘉", "怡", "思", "子", "梓", "涵", "轩", "睿", "博", "宏", "志", "德", "成",
	"福", "贵", "荣", "祥", "安", "康", "永", "庆", "兴", "昌", "泽", "飞", "斌", "鑫", "彬",
	"振", "金", "银", "凤", "秋", "冬", "亮", "晓", "小", "新", "立", "爱", "民", "生", "学",
	"长", "家", "喜", "有", "效", "常", "亚", "美", "淑", "珍", "素", "翠", "芬", "琴", "芝",
	"蓉", "巧", "莲", "菊", "香", "月", "雨", "晨", "阳", "光", "天", "正", "世", "顺", "和",
	"全", "宝", "发", "忠", "仁", "义", "智", "信", "勤", "朝", "东", "山", "峰", "岩", "松",
	"柏", "楠", "彤", "瑶", "璐", "薇", "妍", "琪", "璇", "悦", "诗", "语", "馨", "欢", "乐",
	"若", "依", "可", "心", "一", "卓", "鸿", "毅", "锋", "铭", "瀚", "恒", "远", "达", "伦",
	"承", "玺", "冬", "秀", "云", "亚", "重", "行", "志", "安",
};

/* Compounds of a street office: the article's, and the usual kinds
 * (work units' family compounds, new estates, old villages). */
static const char *const bench_compounds[] = {
	"开发楼家属楼", "世纪楼家属楼", "安康小区",     "公安小区",   "府西小区",   "阳光花园",
	"幸福里",       "和平小区",     "建设新村",     "文化苑",     "电力家属院", "教育小区",
	"铁路新村",     "锦绣苑",       "翠苑",         "紫荆花园",   "金桂园",     "银杏苑",
	"东方明珠",     "御景湾",       "滨河小区",     "春晖园",     "育才小区",   "丰收苑",
	"民生小区",     "钢厂家属院",   "纺织厂宿舍",   "邮电小区",   "水利小区",   "人民小区",
	"康乐小区",     "长安小区",     "朝阳新村",     "重机厂家属院", "行政小区", "南关新村",
	"北苑小区",     "西城名苑",     "东苑小区",     "中心花园",
};

#define BENCH_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static inline const char *bench_pick_weighted(bench_rng *r, const bench_weighted *w, size_t n)
{
	long total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i].weight;
	long x = (long)bench_below(r, (uint64_t)total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i].weight)
			return w[i].name;
		x -= w[i].weight;
	}
	return w[0].name;
}

/* A plausible name: a surname and one given character (a quarter of
 * people) or two. */
static inline void bench_name(bench_rng *r, char *out, size_t outsz)
{
	const char *sur = bench_pick_weighted(r, bench_surnames, BENCH_COUNT(bench_surnames));
	const char *g1 = bench_given[bench_below(r, BENCH_COUNT(bench_given))];
	if (bench_below(r, 4) == 0)
		snprintf(out, outsz, "%s%s", sur, g1);
	else
		snprintf(out, outsz, "%s%s%s", sur, g1,
		         bench_given[bench_below(r, BENCH_COUNT(bench_given))]);
}

/* An 11-digit mobile number with a real operator prefix. */
static inline void bench_phone(bench_rng *r, char *out, size_t outsz)
{
	static const int prefixes[] = {130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150,
	                               151, 152, 153, 155, 156, 157, 158, 159, 166, 176, 177,
	                               178, 180, 181, 182, 183, 185, 186, 187, 188, 189, 199};
	snprintf(out, outsz, "%d%08d", prefixes[bench_below(r, BENCH_COUNT(prefixes))],
	         (int)bench_below(r, 100000000));
}

/* The resident card code of resident number i (from 0): a bijection of i,
 * so codes never repeat, and they do not run in order like serials. */
static inline void bench_card(uint64_t i, char *out, size_t outsz)
{
	uint32_t x = (uint32_t)(i * 2654435761u);
	snprintf(out, outsz, "JF%010u", x);
}

/* Where resident i lives: its compound's buildings, units and rooms. */
typedef struct {
	const char *compound;
	char building[8], unit[8], room[8];
} bench_home;

static inline void bench_home_of(bench_rng *r, bench_home *h)
{
	size_t c = bench_below(r, BENCH_COUNT(bench_compounds));
	h->compound = bench_compounds[c];
	int buildings = 4 + (int)(c * 7 % 27); /* 4 .. 30, fixed per compound */
	snprintf(h->building, sizeof h->building, "%d", 1 + (int)bench_below(r, (uint64_t)buildings));
	snprintf(h->unit, sizeof h->unit, "%d", 1 + (int)bench_below(r, 6));
	snprintf(h->room, sizeof h->room, "%d%02d", 1 + (int)bench_below(r, 18),
	         1 + (int)bench_below(r, 4));
}

/* --- statistics ----------------------------------------------------------- */

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The q-quantile (0..1) of v[0..n), nearest rank; sorts v. */
static inline double bench_quantile(double *v, size_t n, double q)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp_double);
	size_t k = (size_t)(q * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

#endif
