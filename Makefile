# jifen — community points exchange.  Plain GNU make; see README.md.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANPREFIX  ?= $(PREFIX)/share/man
LOCALEDIR  ?= $(PREFIX)/share/locale
DESTDIR    ?=
PKG_CONFIG ?= pkg-config
CC         ?= cc

ifeq ($(SANITIZE),1)
BUILD      ?= build-san
SANFLAGS    = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD      ?= build
SANFLAGS    =
endif

# The user's (or the distribution's) CFLAGS, CPPFLAGS and LDFLAGS, from the
# command line or the environment, are added after the project's own JF_*
# flags, never replace them.  -Werror only in the developers' and CI build:
# DEV=1 (or WERROR=1), which the check targets set; a plain `make` or a
# packager's build warns without stopping.
PKGS       = ncursesw sqlite3 libqrencode libsodium xlsxwriter
CFLAGS    ?= -O2 -g
JF_WERROR  = $(if $(filter 1,$(DEV) $(WERROR)),-Werror)
WARN       = -Wall -Wextra $(JF_WERROR) -Wshadow -Wformat=2 -Wno-format-nonliteral
JF_CPPFLAGS = -Iinclude -I$(BUILD)/gen -D_GNU_SOURCE
ALL_CPPFLAGS = $(JF_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARN) $(SANFLAGS) -MMD -MP \
             $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CFLAGS)
ALL_LDFLAGS = $(ALL_CFLAGS) $(LDFLAGS)
LIBS       = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka vterm zbar)

# The core library: src/*.c.  The command line: src/cli/*.c.  Screens: ui/*.c.
LIB_SRC    = $(wildcard src/*.c)
CLI_SRC    = $(wildcard src/cli/*.c)
UI_SRC     = $(wildcard ui/*.c)
GEN_SRC    = $(BUILD)/gen/schema.c $(BUILD)/gen/activities.c $(BUILD)/gen/pinyin-table.c
GEN_SRC   += $(BUILD)/gen/demo-data.c
LIB_OBJ    = $(LIB_SRC:%.c=$(BUILD)/%.o) $(GEN_SRC:%.c=%.o)
APP_OBJ    = $(CLI_SRC:%.c=$(BUILD)/%.o) $(UI_SRC:%.c=$(BUILD)/%.o)
LIBJIFEN   = $(BUILD)/libjifen.a
BIN        = $(BUILD)/jifen
UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SCREEN_SRC = $(wildcard tests/screen/*.c)
SCREEN_BIN = $(if $(SCREEN_SRC),$(BUILD)/tests/screen-driver)
PO         = $(wildcard data/po/*.po)
MO         = $(PO:data/po/%.po=$(BUILD)/locale/%/LC_MESSAGES/jifen.mo)
SCHEMA     = $(sort $(wildcard data/schema/*.sql))
UNIHAN     = /usr/share/unicode/Unihan_Readings.txt.bz2

.PHONY: all deps deb demo check check-unit check-cli check-screen clean install uninstall \
        sanitize bench fuzz pot po-update check-robust check-fuzz-short fuzz-run check-long
all: jifen $(MO)

jifen: $(BIN)
ifneq ($(BUILD),build)
	@:
else
	@ln -sf $(BIN) jifen
endif

$(BIN): $(APP_OBJ) $(LIBJIFEN)
	$(CC) $(ALL_LDFLAGS) -o $@ $(APP_OBJ) $(LIBJIFEN) $(LIBS)

$(LIBJIFEN): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c | $(BUILD)/gen/schema.c $(BUILD)/gen/paths.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# Where the installed program finds its catalogs: rewritten only when PREFIX
# or LOCALEDIR change, so `make install PREFIX=/usr` rebuilds what uses it.
$(BUILD)/gen/paths.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define LOCALEDIR "$(LOCALEDIR)"' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
.PHONY: FORCE
FORCE:

# Generated from data/, never pasted: the schema migrations, the default
# activities, and the pinyin readings of every CJK character (Unicode's Unihan).
$(BUILD)/gen/schema.c: $(SCHEMA) data/embed.sh
	@mkdir -p $(dir $@)
	sh data/embed.sh jf_schema_migrations $(SCHEMA) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/activities.c: data/activities.tsv data/embed.sh
	@mkdir -p $(dir $@)
	sh data/embed.sh jf_default_activities data/activities.tsv > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/pinyin-table.c: $(UNIHAN) data/gen-pinyin.awk data/surnames.tsv
	@mkdir -p $(dir $@)
	bzcat $(UNIHAN) | awk -v surnames=data/surnames.tsv -f data/gen-pinyin.awk > $@.tmp && mv $@.tmp $@

# The demo database's people and catalog (jifen init --demo).
$(BUILD)/gen/demo-data.c: data/demo-people.tsv data/demo-catalog.tsv data/embed.sh
	@mkdir -p $(dir $@)
	sh data/embed.sh jf_demo_data data/demo-people.tsv data/demo-catalog.tsv > $@.tmp && mv $@.tmp $@

$(BUILD)/locale/%/LC_MESSAGES/jifen.mo: data/po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

# Messages: the Chinese msgids of the sources and of headers with N_()
# tables (status.h's X-macro passes its message as the third argument of
# `_`, hence the second keyword).  `make po-update` refreshes data/po/*.po.
POT_SRC    = $(LIB_SRC) $(CLI_SRC) $(UI_SRC) $(wildcard include/jifen/*.h src/*.h src/cli/*.h ui/*.h)
pot:
	@mkdir -p data/po
	xgettext --from-code=UTF-8 --language=C -k_:1,1t -k_:3,3t -kN_ \
	  --add-comments=TRANSLATORS: --package-name=jifen --sort-by-file \
	  -o data/po/jifen.pot $(sort $(POT_SRC))

po-update: pot
	for po in $(PO); do msgmerge --quiet --update --backup=none $$po data/po/jifen.pot || exit 1; done

# --- tests -----------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c tests/unit/testlib.h $(wildcard tests/robust/*.h) $(LIBJIFEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBJIFEN) $(LIBS) $(TEST_LIBS)

$(BUILD)/tests/screen-driver: $(SCREEN_SRC) $(LIBJIFEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_LDFLAGS) -o $@ $(SCREEN_SRC) $(LIBJIFEN) $(LIBS) $(TEST_LIBS)

# The groups are independent: `make -j2 check` runs them side by side
# (the longest first), each printing its programs' and scripts' output whole
# as they end (tests/run-par.sh, TEST_JOBS at a time within a group), and
# any failure fails make.
check: check-unit check-cli check-robust check-screen check-fuzz-short
	@echo "all tests passed ($(BUILD))"

# The developers' and CI build stops on any warning (see JF_WERROR);
# `make check DEV=0` does not.
check check-unit check-cli check-robust check-screen check-long: DEV = 1

check-unit: $(UNIT_BIN) $(MO)
	@sh tests/run-unit.sh $(UNIT_BIN)

check-cli: jifen $(MO)
	@JIFEN=$(BIN) sh tests/run-cli.sh

# The counter's and the staff screens' tests as two programs side by side.
check-screen: jifen $(MO) $(SCREEN_BIN)
	@if [ -n "$(SCREEN_BIN)" ]; then JIFEN=$(BIN) sh tests/run-par.sh "screen test programs" \
	  "$(SCREEN_BIN) --counter" "$(SCREEN_BIN) --staff"; fi

sanitize:
	$(MAKE) SANITIZE=1 check

# --- benchmarks: not part of check; see BENCHMARKS.md ----------------------
# Always the optimised build (build/, -O2, no sanitizers).  BENCH_SIZES are
# the resident counts to measure; the figures' goals are read at 100000.
BENCH_SRC   = $(wildcard tests/bench/*.c)
BENCH_BIN   = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
BENCH_SIZES ?= 10000 100000
bench:
	@$(MAKE) --no-print-directory SANITIZE= BUILD=build all bench-programs
	@BENCH_SIZES="$(BENCH_SIZES)" JIFEN=build/jifen BENCH_BIN=build/bench sh tests/bench/run.sh

.PHONY: bench-programs
bench-programs: $(BENCH_BIN)

$(BUILD)/bench/%: tests/bench/%.c tests/bench/bench.h $(LIBJIFEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_LDFLAGS) -O2 -o $@ $< $(LIBJIFEN) $(LIBS) \
	  $(shell $(PKG_CONFIG) --libs vterm) -lutil

# Robustness (issue 7): the scripts in tests/robust/ against the real binary
# and the sqlite3 shell; the fuzz harnesses in tests/fuzz/, built with clang
# and libFuzzer in build-fuzz (always with ASan+UBSan, whatever SANITIZE
# says), a short run of each in `make check`, long ones with `make fuzz`
# (FUZZ_TIME seconds each).  New inputs go to build-fuzz/corpus/, crashes
# to build-fuzz/crash-*.
FUZZ_BUILD  = build-fuzz
FUZZ_SAN    = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_TIME  ?= 300
FUZZ_SHORT ?= -seed=1 -runs=100000 -max_total_time=3
FUZZ_BIN    = $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/*.c))

check-robust: jifen $(MO)
	@JIFEN=$(BIN) sh tests/robust/run.sh

# The long robustness runs, not part of check: tests/robust/crash.sh with
# CRASH_ROUNDS kills (12 in check); `make fuzz` runs it too.
CRASH_ROUNDS ?= 200
check-long: jifen $(MO)
	@JIFEN=$(BIN) CRASH_ROUNDS=$(CRASH_ROUNDS) sh tests/robust/crash.sh

check-fuzz-short:
	@command -v clang >/dev/null || { echo "check-fuzz-short: needs clang (make deps)"; exit 1; }
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang SANITIZE= \
	  SANFLAGS='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' FUZZ_ARGS='$(FUZZ_SHORT)' fuzz-run

fuzz: check-long
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang SANITIZE= \
	  SANFLAGS='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' FUZZ_ARGS='-max_total_time=$(FUZZ_TIME)' \
	  fuzz-run

fuzz-run: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(BUILD) '$(FUZZ_ARGS)' $(FUZZ_BIN)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(LIBJIFEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBJIFEN) $(LIBS)

# --- set-up ----------------------------------------------------------------
DEB_PKGS = gcc clang make pkg-config gettext bzip2 unicode-data sqlite3 \
           libncurses-dev libsqlite3-dev libqrencode-dev libsodium-dev \
           libxlsxwriter-dev libcmocka-dev libvterm-dev libzbar-dev hledger ledger \
           dpkg-dev lintian mandoc gnumeric python3 locales
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	  | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

DEMO_DB ?= demo.db
demo: all
	@[ -f $(DEMO_DB) ] || ./jifen -d $(DEMO_DB) init --demo
	@echo "演示数据库 $(DEMO_DB)；操作员 counter / staff / admin，PIN 2468（仅供演示）"
	./jifen -d $(DEMO_DB)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/jifen
	install -m 644 man/*.1 $(DESTDIR)$(MANPREFIX)/man1/
	for f in man/*.5; do [ -e "$$f" ] && install -m 644 $$f $(DESTDIR)$(MANPREFIX)/man5/; done; true
	for m in $(MO); do l=$${m#$(BUILD)/locale/}; install -d $(DESTDIR)$(LOCALEDIR)/$${l%/*}; \
	  install -m 644 $$m $(DESTDIR)$(LOCALEDIR)/$$l; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jifen
	for f in man/*.1; do rm -f $(DESTDIR)$(MANPREFIX)/man1/$${f#man/}; done
	for f in man/*.5; do rm -f $(DESTDIR)$(MANPREFIX)/man5/$${f#man/}; done
	rm -f $(DESTDIR)$(LOCALEDIR)/*/LC_MESSAGES/jifen.mo

# A quick binary Debian package (no debian/, no debhelper): built in
# build-deb/ with the distribution's flags (dpkg-buildflags), installed
# under /usr into a staging tree, then data/mkdeb.sh.  tests/cli/deb.sh
# builds it and runs lintian on it.
DEB_BUILD ?= build-deb
deb:
	@rm -rf $(DEB_BUILD)/root
	@eval "$$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"; \
	  $(MAKE) --no-print-directory BUILD=$(DEB_BUILD) PREFIX=/usr DESTDIR=$(DEB_BUILD)/root \
	    SANITIZE= install >$(DEB_BUILD).log 2>&1 || { cat $(DEB_BUILD).log; exit 1; }
	@sh data/mkdeb.sh $(DEB_BUILD)/root $(DEB_BUILD)/jifen.deb

clean:
	rm -rf build build-san build-fuzz build-deb build-deb.log jifen

-include $(LIB_OBJ:.o=.d) $(APP_OBJ:.o=.d)
