/* Status codes of the core, with their messages, in one place.
 *
 * Every core function that can fail returns a jf_status.  The message that
 * goes with the code is Chinese (the msgid, translated by gettext to the
 * user's language); a function that fails also leaves a detailed, localized
 * message in its database handle (jf_db_error), naming the exact cause. */
#ifndef JIFEN_STATUS_H
#define JIFEN_STATUS_H

/* _(NAME, exit status of the command line, message) */
#define JF_STATUS_LIST(_)                                                     \
	_(OK,             0, "成功")                                          \
	_(ERR,            1, "出错")                                          \
	_(USAGE,          2, "用法错误")                                      \
	_(NOMEM,          1, "内存不足")                                      \
	_(INVALID,        2, "输入无效")                                      \
	_(BAD_UTF8,       2, "输入不是有效的 UTF-8 文本")                     \
	_(TOO_LONG,       2, "输入太长")                                      \
	_(BAD_QTY,        2, "数量无效")                                      \
	_(BAD_DATE,       2, "日期无效")                                      \
	_(NOT_FOUND,      3, "找不到")                                        \
	_(AMBIGUOUS,      3, "匹配到多个，请说得更具体")                      \
	_(EXISTS,         3, "已存在")                                        \
	_(INACTIVE,       3, "已停用")                                        \
	_(INSUFFICIENT,   4, "积分不足")                                      \
	_(OUT_OF_STOCK,   4, "库存不足")                                      \
	_(OVER_LIMIT,     4, "超过每月兑换上限")                              \
	_(ALREADY_VOIDED, 4, "该小票已作废")                                  \
	_(DAY_CLOSED,     4, "该日已日结，不能再记账")                        \
	_(DENIED,         5, "当前操作员无权执行此操作")                      \
	_(SELF_AWARD,     5, "不能给自己赋分")                                \
	_(BAD_PIN,        5, "操作员或 PIN 错误")                             \
	_(LOCKED,         5, "操作员已被锁定")                                \
	_(NO_OPERATOR,    5, "需要操作员登录")                                \
	_(DB_BUSY,        6, "数据库正忙（另一台柜台正在写入），请稍后再试")  \
	_(DB_IO,          6, "数据库读写失败")                                \
	_(DB_FULL,        6, "磁盘已满，未写入任何数据")                      \
	_(DB_READONLY,    6, "数据库只读，无法写入")                          \
	_(DB_CORRUPT,     6, "数据库文件已损坏")                              \
	_(DB_NOT_JIFEN,   6, "该文件不是 jifen 数据库")                       \
	_(DB_TOO_NEW,     6, "数据库来自更新版本的 jifen，请先升级程序")      \
	_(DB_MISSING,     6, "数据库不存在，请先运行 jifen init")             \
	_(TAMPERED,       7, "台账校验失败")                                  \
	_(CLOCK,          4, "时钟不对，未记账")                              \
	_(PRINTER,       10, "打印机不可用，小票未打印")                      \
	_(VOUCHER_USED,  11, "服务券或优惠券已使用")                          \
	_(EXPIRED,       12, "服务券或优惠券已过期")

typedef enum {
#define JF_STATUS_ENUM(name, exit, msg) JF_##name,
	JF_STATUS_LIST(JF_STATUS_ENUM)
#undef JF_STATUS_ENUM
	JF_STATUS_COUNT
} jf_status;

/* The short message of a status, in the user's language.  Never NULL. */
const char *jf_status_message(jf_status st);

/* The command line's exit status for a status (documented in jifen(1)). */
int jf_status_exit(jf_status st);

/* The status's name as in the enum without JF_, e.g. "INSUFFICIENT". */
const char *jf_status_name(jf_status st);

#endif
