/* Sending receipts to the printer set in the configuration: a device file,
 * a TCP address (port 9100), or a CUPS queue (`lp -d QUEUE -o raw`).
 *
 * A printer that is off, out of paper or unreachable never undoes or holds
 * up a redemption: printing happens after the redemption committed, holds
 * no database lock while it talks to the printer, gives up after the
 * configured timeout, and leaves the receipt listed by
 * jf_receipt_pending_list until a print succeeds. */
#ifndef JIFEN_PRINTER_H
#define JIFEN_PRINTER_H

#include <stddef.h>
#include "jifen/config.h"
#include "jifen/db.h"
#include "jifen/operator.h"

/* Hand `len` bytes to the printer of `cfg`: written to the device, sent to
 * the TCP peer, or spooled by lp.  JF_OK, or JF_PRINTER with the cause
 * (naming the printer) in errbuf: none configured, cannot open or connect,
 * refused, timed out, lp failed. */
jf_status jf_printer_send(const jf_config *cfg, const void *data, size_t len, char *errbuf,
                          size_t errlen);

/* Print receipt `no` (ESC/POS, as jf_escpos_receipt) and record the
 * attempt, good or bad, in receipt_prints.  JF_OK; JF_PRINTER with the
 * cause in jf_db_error when the printer failed (the receipt then waits to
 * be reprinted); JF_NOT_FOUND for an unknown receipt; a database status if
 * the attempt could not be recorded. */
jf_status jf_receipt_print(jf_db *db, const jf_config *cfg, const char *no);

/* Staff: print receipt `no` again (补打: F8 on the counter, `jifen receipt
 * print`): as jf_receipt_print, after jf_op_require(JF_ROLE_STAFF), so that
 * a second paper whose QR verifies comes only from staff.  Only the print
 * right after the redemption (the counter's checkout) is any operator's. */
jf_status jf_receipt_reprint(jf_db *db, const jf_op *op, const jf_config *cfg, const char *no);

#endif
