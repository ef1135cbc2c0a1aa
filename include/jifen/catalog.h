/* What residents earn points for (activities), what they spend them on
 * (items), who gives the items (sponsors) and who confirms deeds (verifiers). */
#ifndef JIFEN_CATALOG_H
#define JIFEN_CATALOG_H

#include <stdint.h>
#include <stddef.h>
#include "jifen/db.h"
#include "jifen/operator.h"

#define JF_CODE_MAX 32

/* --- activities ----------------------------------------------------------- */

/* The five categories, in the order of the scheme. */
#define JF_CATEGORY_COUNT 5
extern const char *const jf_categories[JF_CATEGORY_COUNT]; /* "小区治理" ... */

typedef struct {
	int64_t id;
	char code[JF_CODE_MAX + 1];
	char category[32];
	char name[97];
	int64_t points;
	char initials[64];
	int active;
} jf_activity;

/* Load data/activities.tsv (compiled in) into a new database. */
jf_status jf_activity_load_defaults(jf_db *db);
/* Admin: add, re-price, retire (a retired one stays in the history). */
jf_status jf_activity_add(jf_db *db, const jf_op *op, const char *code,
                          const char *category, const char *name, int64_t points,
                          int64_t *id);
jf_status jf_activity_set_points(jf_db *db, const jf_op *op, int64_t id, int64_t points);
jf_status jf_activity_retire(jf_db *db, const jf_op *op, int64_t id);
/* Active activities (all if include_retired), by category then code. */
jf_status jf_activity_list(jf_db *db, int include_retired, jf_activity **out, size_t *n);
jf_status jf_activity_get(jf_db *db, int64_t id, jf_activity *out);
/* Exactly one active activity by code, name, name prefix or pinyin initials. */
jf_status jf_activity_resolve(jf_db *db, const char *query, jf_activity *out);

/* --- sponsors ------------------------------------------------------------- */

typedef enum {
	JF_SPONSOR_ENTERPRISE = 1, /* 爱心企业 */
	JF_SPONSOR_UNIT = 2,       /* 共驻共建单位 */
	JF_SPONSOR_MERCHANT = 3,   /* 爱心商户 */
} jf_sponsor_kind;

const char *jf_sponsor_kind_label(jf_sponsor_kind k);
const char *jf_sponsor_kind_code(jf_sponsor_kind k); /* enterprise|unit|merchant */
jf_sponsor_kind jf_sponsor_kind_parse(const char *s); /* 0 if unknown */

/* Staff: find a sponsor by name, adding it with `kind` if new. */
jf_status jf_sponsor_ensure(jf_db *db, const jf_op *op, const char *name,
                            jf_sponsor_kind kind, int64_t *id);

/* --- items ---------------------------------------------------------------- */

typedef enum {
	JF_ITEM_GOODS = 1,        /* 生活用品, stock counted */
	JF_ITEM_PRODUCE = 2,      /* 农副产品, stock counted */
	JF_ITEM_HOUSEKEEPING = 3, /* 家政服务, voucher */
	JF_ITEM_SERVICE = 4,      /* 社区服务, voucher */
	JF_ITEM_COUPON = 5,       /* 商户优惠券, voucher */
} jf_item_kind;
#define JF_ITEM_KIND_COUNT 5

const char *jf_item_kind_label(jf_item_kind k); /* localized */
const char *jf_item_kind_code(jf_item_kind k);  /* goods|produce|... */
jf_item_kind jf_item_kind_parse(const char *s); /* code or label; 0 if unknown */
/* 1 for goods and produce, whose stock is counted. */
int jf_item_kind_stocked(jf_item_kind k);

typedef struct {
	int64_t id;
	char code[JF_CODE_MAX + 1];
	char name[97];
	jf_item_kind kind;
	int64_t points;
	char unit[17];
	int64_t sponsor_id; /* 0 if none */
	char sponsor[97];
	jf_sponsor_kind sponsor_kind;
	int64_t monthly_limit; /* per resident per month, 0 = none */
	int valid_days;
	int64_t stock; /* meaningful when jf_item_kind_stocked(kind) */
	char initials[64];
	int active;
} jf_item;

/* Admin: add an item (id, stock, initials, active and sponsor name are
 * ignored in `in`; stock starts at 0, see jf_stock_in). */
jf_status jf_item_add(jf_db *db, const jf_op *op, const jf_item *in, int64_t *id);
jf_status jf_item_set_points(jf_db *db, const jf_op *op, int64_t id, int64_t points);
jf_status jf_item_retire(jf_db *db, const jf_op *op, int64_t id);
/* Active items (all if include_retired), by kind then code; caller frees. */
jf_status jf_item_list(jf_db *db, int include_retired, jf_item **out, size_t *n);
jf_status jf_item_get(jf_db *db, int64_t id, jf_item *out);
/* Exactly one active item by code, name or pinyin initials ("zj" 纸巾). */
jf_status jf_item_resolve(jf_db *db, const char *query, jf_item *out);
/* How many of the item the resident redeemed (net of voids) in the calendar
 * month that contains `t`. */
jf_status jf_item_month_used(jf_db *db, int64_t resident_id, int64_t item_id,
                             int64_t t, int64_t *qty);

/* --- verifiers (楼长 / 网格员) --------------------------------------------- */

typedef enum {
	JF_VERIFIER_LEADER = 1, /* 楼长 */
	JF_VERIFIER_GRID = 2,   /* 网格员 */
} jf_verifier_role;

const char *jf_verifier_role_label(jf_verifier_role r);
const char *jf_verifier_role_code(jf_verifier_role r); /* leader|grid */
jf_verifier_role jf_verifier_role_parse(const char *s);

typedef struct {
	int64_t id;
	char name[97];
	jf_verifier_role role;
	char compound[97];
	char phone[21];
	int64_t resident_id; /* 0 if not linked */
	int active;
} jf_verifier;

/* Staff: add a verifier; resident_id links their own account (0 if none). */
jf_status jf_verifier_add(jf_db *db, const jf_op *op, const char *name,
                          jf_verifier_role role, const char *compound,
                          const char *phone, int64_t resident_id, int64_t *id);
jf_status jf_verifier_list(jf_db *db, jf_verifier **out, size_t *n);
jf_status jf_verifier_get(jf_db *db, int64_t id, jf_verifier *out);
/* Exactly one active verifier by name or pinyin initials. */
jf_status jf_verifier_resolve(jf_db *db, const char *query, jf_verifier *out);

#endif
