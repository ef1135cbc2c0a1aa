/* Operators, their roles and PINs.  Roles are enforced here, in the core:
 * every function that writes takes an authenticated jf_op, which only
 * jf_login can make. */
#ifndef JIFEN_OPERATOR_H
#define JIFEN_OPERATOR_H

#include <stdint.h>
#include <stddef.h>
#include "jifen/db.h"

/* volunteer: redeem only; staff: also award, void, stock, residents, day
 * close; admin: also operators, activities, catalog. */
typedef enum {
	JF_ROLE_VOLUNTEER = 1,
	JF_ROLE_STAFF = 2,
	JF_ROLE_ADMIN = 3,
} jf_role;

/* How many wrong PINs in a row lock an operator, and for how long. */
#define JF_PIN_MAX_FAILS 5
#define JF_PIN_LOCK_SECONDS (15 * 60)
#define JF_LOGIN_MAX 32

typedef struct jf_op jf_op;

typedef struct {
	int64_t id;
	char login[JF_LOGIN_MAX + 1];
	char name[97];
	jf_role role;
	int64_t resident_id; /* 0 if none */
	int active;
	int failed_pins;
	int64_t locked_until;
} jf_operator;

/* Check `pin` against the operator's Argon2id hash.  Each try takes one
 * guess from the operator's allowance before the check, atomically, so that
 * tries made at the same moment (at several counters) cannot all be
 * checked: at most JF_PIN_MAX_FAILS wrong PINs are checked per lockout.  A
 * wrong PIN is JF_BAD_PIN, the JF_PIN_MAX_FAILS-th, and any try while
 * locked, JF_LOCKED with a message saying until when (HH:MM, and the date
 * if not today).  A right one resets the count.  A read-only file cannot
 * count guesses: there the PIN is checked uncounted (whoever holds such a
 * copy can try PINs against its hashes without jifen anyway), and the
 * session can only read.  On success *out is an authenticated session the
 * caller frees. */
jf_status jf_login(jf_db *db, const char *login, const char *pin, jf_op **out);
void jf_op_free(jf_op *op);

int64_t jf_op_id(const jf_op *op);
jf_role jf_op_role(const jf_op *op);
const char *jf_op_name(const jf_op *op);

/* JF_OK if `op` may act with `role`, else JF_DENIED (or JF_NO_OPERATOR for
 * NULL) with the message set on db. */
jf_status jf_op_require(jf_db *db, const jf_op *op, jf_role role);

/* "志愿者" / "工作人员" / "管理员" (localized), and "volunteer" ... */
const char *jf_role_label(jf_role role);
const char *jf_role_code(jf_role role);
/* Parse "volunteer|staff|admin" (or the Chinese label); 0 if unknown. */
jf_role jf_role_parse(const char *s);

/* A PIN is 4 to 12 digits. */
int jf_pin_valid(const char *pin);

/* The first administrator of a new database (no operators yet), or any
 * operator by an admin.  resident_id may be 0. */
jf_status jf_operator_bootstrap(jf_db *db, const char *login, const char *name,
                                const char *pin);
jf_status jf_operator_add(jf_db *db, const jf_op *admin, const char *login,
                          const char *name, jf_role role, const char *pin,
                          int64_t resident_id);
/* Admin: set another operator's PIN and clear the lockout (unlocks). */
jf_status jf_operator_set_pin(jf_db *db, const jf_op *admin, const char *login,
                              const char *pin);
/* Admin: clear an operator's lockout and count of wrong PINs, keeping the
 * PIN.  JF_NOT_FOUND if there is no such operator. */
jf_status jf_operator_unlock(jf_db *db, const jf_op *admin, const char *login);
/* All operators, by login; *out is malloc'd, caller frees. */
jf_status jf_operator_list(jf_db *db, jf_operator **out, size_t *n);

#endif
