/* Status codes: their messages and exit statuses, from JF_STATUS_LIST. */
#include "jifen/status.h"
#include "jifen/i18n.h"

static const struct {
	const char *name;
	int exit;
	const char *msg;
} status_info[] = {
#define JF_STATUS_INFO(name, exit, msg) {#name, exit, N_(msg)},
	JF_STATUS_LIST(JF_STATUS_INFO)
#undef JF_STATUS_INFO
};

const char *jf_status_message(jf_status st)
{
	if ((unsigned)st >= JF_STATUS_COUNT)
		st = JF_ERR;
	return _(status_info[st].msg);
}

int jf_status_exit(jf_status st)
{
	if ((unsigned)st >= JF_STATUS_COUNT)
		return 1;
	return status_info[st].exit;
}

const char *jf_status_name(jf_status st)
{
	if ((unsigned)st >= JF_STATUS_COUNT)
		st = JF_ERR;
	return status_info[st].name;
}
