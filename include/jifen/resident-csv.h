/* Residents from a CSV file (jifen resident import): the header names the
 * columns, in Chinese or English and in any order (姓名/name, 手机/phone,
 * 小区/compound, 楼栋/building, 单元/unit, 房号/room, 卡号/card,
 * 党员/party); every row checked for shape here and for content by
 * jf_resident_add_many.  Read through the core's CSV reader (jifen/csv.h):
 * UTF-8 with or without a BOM, or GBK.  The export is jf_export_residents
 * (jifen/export.h), through the core's CSV writer. */
#ifndef JIFEN_RESIDENT_CSV_H
#define JIFEN_RESIDENT_CSV_H

#include <stddef.h>
#include "jifen/csv.h"
#include "jifen/resident.h"

typedef struct {
	jf_resident_new *rows; /* n rows, their texts owned by this */
	long *lines;           /* the line each row starts on */
	size_t n;
	char **texts;          /* storage */
	size_t ntexts;
} jf_resident_csv;

/* Read every row of csv (opened by jf_csv_open; `path` names the file in
 * messages).  JF_OK with *out filled (free with jf_resident_csv_free), or
 * a status with the reason in err: *line > 0 is the line it names (err then
 * says what is wrong there), *line == 0 a message of its own.  JF_INVALID
 * for an empty file, an unknown, doubled or missing name column, a row with
 * more or fewer fields than the header, a party cell not yes or no, an
 * empty name, or no row at all. */
jf_status jf_resident_csv_read(jf_csv *csv, const char *path, jf_resident_csv *out, long *line,
                               char *err, size_t errlen);

void jf_resident_csv_free(jf_resident_csv *r);

#endif
