/* ESC/POS for thermal receipt printers: 58 mm (32 columns, 384 dots) and
 * 80 mm (48 columns, 576 dots), Chinese mode (FS &) with text in GB18030,
 * the QR by the printer's own command (GS ( k) or as a raster image
 * (GS v 0), and a paper cut (GS V). */
#ifndef JIFEN_ESCPOS_H
#define JIFEN_ESCPOS_H

#include <stddef.h>
#include "jifen/config.h"
#include "jifen/receipt.h"
#include "jifen/status.h"

/* Columns and dots across the paper: 32/384 for 58, 48/576 for 80. */
int jf_paper_cols(int paper_mm);
int jf_paper_dots(int paper_mm);

/* A byte stream being built.  On an allocation failure `failed` is set and
 * further calls do nothing. */
typedef struct {
	unsigned char *data; /* owned; free with jf_escpos_free */
	size_t len, cap;
	int failed;
} jf_escpos;

/* Start a stream: ESC @ (initialize) and FS & (Chinese mode). */
void jf_escpos_begin(jf_escpos *b);
void jf_escpos_free(jf_escpos *b);

/* ESC a: 0 left, 1 centre, 2 right. */
void jf_escpos_align(jf_escpos *b, int align);
/* ESC E: bold on or off. */
void jf_escpos_bold(jf_escpos *b, int on);
/* GS !: double height; double width is never used, so a line's columns do
 * not change. */
void jf_escpos_tall(jf_escpos *b, int on);
/* One line: `utf8` cut to `cols` printer columns (jf_text_fit_print),
 * converted to GB18030, then LF.  The ESC/POS sanitiser: every text reaches
 * the printer through here, and no byte of it is a control byte (ESC, GS,
 * FS, LF, CR ... in the text become '?'), so a name cannot give the printer
 * a command. */
void jf_escpos_line(jf_escpos *b, const char *utf8, int cols);
/* ESC d: feed n lines (0..255). */
void jf_escpos_feed(jf_escpos *b, int n);
/* The QR by the printer's QR command (GS ( k: model 2, module size in dots
 * 1..16, error correction M, store, print). */
void jf_escpos_qr_native(jf_escpos *b, const char *data, int module_dots);
/* The QR as a raster image (GS v 0), each module `scale` dots, with a
 * quiet zone of 4 modules. */
void jf_escpos_qr_raster(jf_escpos *b, const jf_qr *qr, int scale);
/* GS V 66 0: feed to the cutter and cut (partially). */
void jf_escpos_cut(jf_escpos *b);

/* The whole receipt for the configured paper and QR mode: the rows of
 * jf_receipt_layout (the community name of cfg if set), the QR of
 * jf_config_qr_text(cfg, r->payload), a cut.  JF_NOMEM, JF_TOO_LONG (a
 * URL too long for a QR), or JF_OK with the stream in *out (which the
 * caller frees with jf_escpos_free). */
jf_status jf_escpos_receipt(const jf_receipt *r, const jf_config *cfg, jf_escpos *out);

#endif
