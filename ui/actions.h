/* The one table of actions of the counter program.  It gives the action
 * enum, the keys that trigger each action, the key bar at the bottom of
 * every screen, the F1 help screen and the key list printed for jifen(1),
 * so that none of them can drift from the others.
 *
 * Keys are F-keys or named keys, each with a Ctrl alternative for terminals
 * that swallow F-keys (GNOME Terminal takes F1 and F10).  Letters cannot be
 * alternatives on screens with a text field, where letters are typed; the
 * confirmation and receipt screens have no field and take y and n. */
#ifndef JIFEN_UI_ACTIONS_H
#define JIFEN_UI_ACTIONS_H

#include "jifen/i18n.h"

/* A key as the loop sees it: a character (its code point), or a curses
 * key code (get_wch's KEY_CODE_YES) marked by UI_FKEY so it never collides
 * with a character of the same number. */
#define UI_FKEY(k) ((k) | 0x1000000)
#define UI_IS_FKEY(k) (((k)&0x1000000) != 0)
#define UI_CTRL(c) ((c)&0x1f)
#define UI_ESC 27
#define UI_NOKEY 0

/* The screens, as bits, so an action can belong to several. */
enum {
	UI_S_LOGIN = 1 << 0,   /* operator and PIN */
	UI_S_COUNTER = 1 << 1, /* lookup, resident, catalog, cart */
	UI_S_CONFIRM = 1 << 2, /* "confirm the redemption?" */
	UI_S_RECEIPT = 1 << 3, /* the receipt after checkout or a reprint */
	UI_S_VOID = 1 << 4,    /* staff: void a receipt */
	UI_S_REPRINT = 1 << 5, /* staff: show and print a receipt again */
	UI_S_HELP = 1 << 6,    /* F1 */
	/* the staff screens (staff-menu.c, award.c, stock.c, day-close.c,
	 * month.c, vouchers.c) */
	UI_S_STAFF = 1 << 7,    /* staff: the menu of staff screens */
	UI_S_AWARD = 1 << 8,    /* staff: record points (后台赋分) */
	UI_S_STOCK = 1 << 9,    /* staff: goods received (入库), a count (盘点) */
	UI_S_DAY = 1 << 10,     /* staff: the day's reconciliation (日结) */
	UI_S_MONTH = 1 << 11,   /* staff: the monthly public notice */
	UI_S_VOUCHER = 1 << 12, /* staff: mark a service voucher fulfilled */
	UI_S_BOOK = 1 << 13,    /* staff: a resident's statement (积分存折) */
	UI_S_OPERS = 1 << 14,   /* admin: unlock an operator, set a new PIN */
	UI_S_VERIFY = 1 << 15,  /* any operator: check a receipt (核验小票) */
	UI_S_QUERY = 1 << 16,   /* `jifen query`: a resident's own points (积分查询) */
	UI_S_PEOPLE = 1 << 17,  /* staff: residents (register, edit, move out),
	                         * verifiers, adjusting points */
	UI_S_UNPRINTED = 1 << 18, /* staff: the receipts not printed, printed */
	UI_S_ALL = 0x7ffff,
};

/* The staff screens with input fields. */
#define UI_S_STAFF_FORMS                                                                           \
	(UI_S_AWARD | UI_S_STOCK | UI_S_DAY | UI_S_MONTH | UI_S_VOUCHER | UI_S_BOOK | UI_S_OPERS |    \
	 UI_S_PEOPLE | UI_S_UNPRINTED)
#define UI_S_FORMS                                                                                 \
	(UI_S_LOGIN | UI_S_COUNTER | UI_S_VOID | UI_S_REPRINT | UI_S_STAFF_FORMS | UI_S_VERIFY |    \
	 UI_S_QUERY)

/* clang-format off */
/* _(ID, key, alternative key, screens, in the key bar, label, help text)
 *
 * Order matters twice: it is the order of the key bar and the help screen,
 * and when two actions share a key on one screen the first one wins. */
#define UI_SCROLL (UI_S_COUNTER | UI_S_RECEIPT | UI_S_HELP | UI_S_STAFF | UI_S_STAFF_FORMS)
#define UI_ACTIONS(_) \
	_(HELP,     UI_FKEY(KEY_F(1)),  UI_CTRL('g'),       UI_S_ALL & ~UI_S_HELP, 1, \
	  N_("帮助"), N_("显示本屏幕的所有按键")) \
	_(LEAVE,    UI_FKEY(KEY_F(2)),  UI_ESC,             UI_S_FORMS | UI_S_STAFF, 1, \
	  N_("返回"), N_("退回一步：清空查找；离开当前居民（购物车里有物品时先问）；关闭表单")) \
	_(CHECKOUT, UI_FKEY(KEY_F(5)),  UI_CTRL('e'),       UI_S_COUNTER, 1, \
	  N_("结账"), N_("兑换购物车中的物品，先确认")) \
	_(VOID,     UI_FKEY(KEY_F(7)),  UI_CTRL('r'),       UI_S_COUNTER, 1, \
	  N_("作废"), N_("工作人员：作废一张小票（须填写原因）")) \
	_(REPRINT,  UI_FKEY(KEY_F(8)),  UI_CTRL('t'),       UI_S_COUNTER, 1, \
	  N_("补打"), N_("工作人员：按小票号重新显示小票，并在打印机上补打")) \
	_(VERIFY,   UI_FKEY(KEY_F(6)),  UI_CTRL('y'),       UI_S_COUNTER, 1, \
	  N_("核验"), N_("核验小票：扫小票上的二维码或输入小票号，看它是否真实有效（不改变任何记录）")) \
	_(STAFF,    UI_FKEY(KEY_F(9)),  UI_CTRL('o'),       UI_S_COUNTER, 1, \
	  N_("后台"), N_("工作人员：赋分、入库、盘点、日结、每月公示、服务券、积分存折")) \
	_(SAVE,     UI_FKEY(KEY_F(5)),  UI_CTRL('e'),       UI_S_AWARD | UI_S_STOCK | UI_S_VOUCHER | UI_S_PEOPLE, 1, \
	  N_("提交"), N_("检查后确认，再记入台账（赋分、入库、盘点、服务完成、居民、核实人、调整）")) \
	_(PRINTALL, UI_FKEY(KEY_F(5)),  UI_CTRL('e'),       UI_S_UNPRINTED, 1, \
	  N_("全部打印"), N_("依次打印列出的全部未打印小票，先确认")) \
	_(NEWONE,   UI_FKEY(KEY_F(6)),  UI_CTRL('p'),       UI_S_PEOPLE, 1, \
	  N_("新增"), N_("居民：登记一位新居民；核实人：新增一位核实人")) \
	_(MOVEOUT,  UI_FKEY(KEY_F(7)),  UI_CTRL('r'),       UI_S_PEOPLE, 1, \
	  N_("搬离"), N_("居民：把高亮的居民标为搬离，或把已搬离的恢复为在住，先确认")) \
	_(CLOSEDAY, UI_FKEY(KEY_F(5)),  UI_CTRL('e'),       UI_S_DAY, 1, \
	  N_("日结"), N_("日结所选的一天：确认后锁定，此后该日不能再记账")) \
	_(PRINT,    UI_FKEY(KEY_F(6)),  UI_CTRL('p'),       UI_S_DAY | UI_S_BOOK | UI_S_RECEIPT | UI_S_UNPRINTED, 1, \
	  N_("打印"), N_("在小票打印机上打印日结报表或积分存折；小票没打出来时再打印；打印高亮的未打印小票")) \
	_(WRITE,    UI_FKEY(KEY_F(5)),  UI_CTRL('e'),       UI_S_MONTH, 1, \
	  N_("写出"), N_("把公示写到文件：先确认路径")) \
	_(UNLOCK,   UI_FKEY(KEY_F(5)),  UI_CTRL('e'),       UI_S_OPERS, 1, \
	  N_("解锁"), N_("管理员：解除高亮操作员的 PIN 锁定，PIN 不变")) \
	_(NEWPIN,   UI_FKEY(KEY_F(6)),  UI_CTRL('p'),       UI_S_OPERS, 1, \
	  N_("重设PIN"), N_("管理员：给高亮的操作员设新 PIN（输两次），同时解除锁定")) \
	_(AWARD,    '1',                UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("赋分"), N_("后台赋分：给一位或多位居民记同一项活动的积分")) \
	_(STOCKIN,  '2',                UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("入库"), N_("收到捐赠的商品：物品、数量、捐赠方")) \
	_(TALLY,    '3',                UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("盘点"), N_("记下物品的实际数量，差额记为盘点")) \
	_(DAY,      '4',                UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("日结"), N_("日结报表：兑换、作废、库存核对、未打印的小票、服务券；日结")) \
	_(MONTH,    '5',                UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("公示"), N_("每月积分公示：合计，并写成 HTML、CSV 或文本文件")) \
	_(VOUCHERS, '6',                UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("服务券"), N_("登记服务券已完成（提供方报告服务已做）")) \
	_(STATEMENT, '7',               UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("存折"), N_("积分存折：一位居民一段时间的每一笔记录和结余，可打印")) \
	_(OPERATORS, '8',               UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("操作员"), N_("管理员：操作员的锁定状态；解除 PIN 锁定或重设 PIN")) \
	_(RESIDENTS, '9',               UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("居民"), N_("查找居民；登记新居民（可刷卡）、修改、搬离和回住")) \
	_(ADJUST,   '0',                UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("调整"), N_("管理员：给一位居民加减积分，须写明原因")) \
	_(VERIFIERS, 'h',               UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("核实人"), N_("核实人（楼长、网格员）：列出，新增一位")) \
	_(UNPRINTED, 'p',               UI_NOKEY,           UI_S_STAFF, 1, \
	  N_("未打印"), N_("某一天没有打印出来的小票：列出，逐张或全部打印")) \
	_(QUIT,     UI_FKEY(KEY_F(10)), UI_CTRL('x'),       UI_S_LOGIN | UI_S_COUNTER, 1, \
	  N_("退出"), N_("柜台：退出登录；登录屏幕：关闭程序")) \
	_(YES,      'y',                '\n',               UI_S_CONFIRM, 1, \
	  N_("确认"), N_("确认（y 或 Enter）")) \
	_(NO,       'n',                UI_ESC,             UI_S_CONFIRM, 1, \
	  N_("取消"), N_("取消，返回（n 或 Esc）")) \
	_(SUBMIT,   '\n',               UI_FKEY(KEY_ENTER), UI_S_FORMS | UI_S_STAFF, 1, \
	  N_("选定"), N_("登录；选中高亮的居民；把高亮的物品加入购物车；提交表单")) \
	_(FOCUS,    '\t',               UI_FKEY(KEY_BTAB),  UI_S_LOGIN | UI_S_COUNTER | UI_S_VOID | UI_S_STAFF_FORMS | UI_S_QUERY, 1, \
	  N_("切换"), N_("在输入框之间切换；柜台上在物品目录和购物车之间切换")) \
	_(MORE,     '+',                '=',                UI_S_COUNTER, 1, \
	  N_("加一"), N_("购物车中选中的物品数量加一")) \
	_(LESS,     '-',                UI_NOKEY,           UI_S_COUNTER, 1, \
	  N_("减一"), N_("购物车中选中的物品数量减一，减到零即移除")) \
	_(REMOVE,   UI_FKEY(KEY_DC),    UI_NOKEY,           UI_S_COUNTER, 0, \
	  N_("移除"), N_("在购物车中：移除选中的一行（在输入框中：删除光标处的字）")) \
	_(DROP,     UI_FKEY(KEY_DC),    UI_NOKEY,           UI_S_AWARD, 0, \
	  N_("移除"), N_("查找框为空时：从已选居民中移除高亮的一位")) \
	_(PREV,     UI_FKEY(KEY_LEFT),  UI_NOKEY,           UI_S_AWARD | UI_S_DAY | UI_S_MONTH | UI_S_PEOPLE | UI_S_UNPRINTED, 0, \
	  N_("向前"), N_("日结：前一天；公示：上个月，或切换格式和姓名；赋分：活动框为空时换类别")) \
	_(NEXT,     UI_FKEY(KEY_RIGHT), UI_NOKEY,           UI_S_AWARD | UI_S_DAY | UI_S_MONTH | UI_S_PEOPLE | UI_S_UNPRINTED, 0, \
	  N_("向后"), N_("日结：后一天；公示：下个月，或切换格式和姓名；赋分：活动框为空时换类别")) \
	_(UP,       UI_FKEY(KEY_UP),    UI_NOKEY,           UI_SCROLL, 0, \
	  N_("上移"), N_("高亮上一行")) \
	_(DOWN,     UI_FKEY(KEY_DOWN),  UI_NOKEY,           UI_SCROLL, 0, \
	  N_("下移"), N_("高亮下一行")) \
	_(PAGEUP,   UI_FKEY(KEY_PPAGE), UI_NOKEY,           UI_SCROLL, 0, \
	  N_("上页"), N_("向上翻一页")) \
	_(PAGEDOWN, UI_FKEY(KEY_NPAGE), UI_NOKEY,           UI_SCROLL, 0, \
	  N_("下页"), N_("向下翻一页")) \
	_(CLEAR,    UI_CTRL('u'),       UI_NOKEY,           UI_S_FORMS, 0, \
	  N_("清空"), N_("清空当前输入框")) \
	_(REDRAW,   UI_CTRL('l'),       UI_NOKEY,           UI_S_ALL, 0, \
	  N_("重绘"), N_("重新绘制整个屏幕")) \
	_(CLOSE,    UI_ESC,             '\n',               UI_S_HELP | UI_S_RECEIPT, 1, \
	  N_("返回"), N_("返回（任意键均可）"))

typedef enum {
	UI_A_NONE = 0,
#define UI_ACTION_ENUM(id, key, alt, screens, bar, label, help) UI_A_##id,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	UI_A_COUNT
} ui_action;
/* clang-format on */


typedef struct {
	ui_action id;
	int key, alt;      /* UI_NOKEY when absent */
	unsigned screens;  /* UI_S_* bits */
	int in_bar;        /* shown in the key bar when it fits */
	const char *label; /* untranslated msgid */
	const char *help;  /* untranslated msgid */
} ui_action_info;

/* The table, indexed by ui_action (entry 0 is UI_A_NONE, all zero). */
extern const ui_action_info ui_actions[UI_A_COUNT];

/* The action bound to `key` on `screen` (one UI_S_* bit), or UI_A_NONE. */
ui_action ui_action_for_key(unsigned screen, int key);

/* The printable name of a key ("F5", "^P", "Enter", "Esc", "y") into buf. */
void ui_key_name(int key, char *buf, size_t len);

/* The name of a screen bit (localized), for the help screen and the key
 * list. */
const char *ui_screen_name(unsigned screen);

#endif
