/*
 * The rows faxcom.dll reads, from the bytes real servers sent: faxd's and HylaFAX 6.0.7's hfaxd send
 * queue through the DLL's JOBFMT, hfaxd's modem status through its MDMFMT (a modem ttyS9 faked in the
 * spool as docs/hylafax-protocol.md 5.2 describes), faxd's SITE FAXD PORTS, ROUTES and STATUS. Then
 * what a hostile or broken server could send: short rows, non-numbers, overlong lines, NULs, a
 * listing of more rows than are read, texts longer than their fields.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "hfx_rows.h"

/* Captured with JOBFMT HFX_JOB_FORMAT; the first job's tag was "tag|with bar". */
static const char hylafax_sendq[] =
    "1|T|root|1002|0|0|any|Ann Example|Bo Sender|tag|with bar|\r\n"
    "2|T|root|1002|0|0|any|\xc3\x9cn\xc3\xaf" "code R\xc3\xa9|x|tag|with bar|\r\n";
static const char faxd_sendq[] =
    "1|W|root|1002|0|0|any|Ann Example|Bo Sender|tag|with bar|The server's queue is paused\r\n"
    "2|W|root|+1 555 0199|0|0|any|\xc3\x9cn\xc3\xaf" "code R\xc3\xa9|x||The server's queue is paused\r\n";
/* Captured with MDMFMT HFX_MODEM_FORMAT. */
static const char hylafax_status[] =
    "HylaFAX scheduler on vm: Running\r\n"
    "ttyS9|+1.555.0100|Running and idle\r\n";
static const char faxd_ports[] =
    "1|loop1001|1001|1|1001|1001|1|1|1|1|Running and idle\n"
    "2|loop1002|1002|1|1002|1002|1|1|2|1|Running and idle\n";
static const char faxd_routes[] =
    "{92041a90-9af2-11d0-abf7-00c04fd91a4e}|0|Store in folder|RouteToFolder|faxd|openfaxcom faxd routing|\n"
    "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}|0|Print|RoutePrint|faxd|openfaxcom faxd routing|\n"
    "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}|0|Route through e-mail|RouteToEmail|faxd|openfaxcom faxd routing|\n";
static const char faxd_status[] =
    "State: Idle\nDescription: Running and idle\nCurrentPage: 0\nPageCount: 0\nSend: 0\nReceive: 0\nAddress: \n"
    "CallerId: \nCsid: 1001\nTsid: 1001\nDocumentName: \nDocumentSize: 0\nSenderName: \nRecipientName: \n"
    "RoutingString: \nJobId: 0\nStartTime: 0\nSubmittedTime: 0\n";

static struct hfx_field field(const char *text)
{
    return (struct hfx_field){ text, strlen(text) };
}

static void test_helpers(void)
{
    struct hfx_field f[4];
    long long n = 0;

    check(hfx_rows_split("a|b|c|d|e", 9, f, 4) == 4 && f[3].length == 3 && !memcmp(f[3].text, "d|e", 3),
          "split: the last field takes the rest, '|' included");
    check(hfx_rows_split("||", 2, f, 4) == 3 && !f[0].length && !f[1].length && !f[2].length, "split: empty fields");
    check(hfx_rows_split("", 0, f, 4) == 1 && !f[0].length, "split: an empty line is one empty field");
    check(hfx_rows_split("a|b", 3, f, 1) == 1 && f[0].length == 3, "split: max 1 gives the whole line");

    check(hfx_rows_count_lines("", 0) == 0, "no lines in nothing");
    check(hfx_rows_count_lines("a", 1) == 1 && hfx_rows_count_lines("a\n", 2) == 1, "a line, with or without LF");
    check(hfx_rows_count_lines("a\nb", 3) == 2 && hfx_rows_count_lines("\n\n", 2) == 2, "lines are newlines + a tail");

    check(hfx_rows_number(field("0"), 0, 9, &n) && n == 0, "0 is a number");
    check(hfx_rows_number(field("-12"), -20, 0, &n) && n == -12, "-12 is a number");
    check(hfx_rows_number(field("9223372036854775807"), 0, LLONG_MAX, &n) && n == LLONG_MAX, "LLONG_MAX");
    check(hfx_rows_number(field("-9223372036854775808"), LLONG_MIN, 0, &n) && n == LLONG_MIN, "LLONG_MIN");
    n = 5;
    static const char *const bad[] = { "", "-", "+1", " 1", "1 ", "1a", "0x10", "9223372036854775808",
                                       "99999999999999999999999", "--1" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        check(!hfx_rows_number(field(bad[i]), LLONG_MIN, LLONG_MAX, &n) && n == 5, "\"%s\" is not a number", bad[i]);
    check(!hfx_rows_number(field("10"), 0, 9, &n) && !hfx_rows_number(field("-1"), 0, 9, &n), "out of range");

    for (int s = HFX_ROWS_OK; s <= HFX_ROWS_ERR_NO_MEMORY; s++)
        for (int t = HFX_ROWS_OK; t < s; t++)
            check(strcmp(hfx_rows_strerror(s), hfx_rows_strerror(t)) != 0, "strerror %d differs from %d", s, t);
}

static void test_real_jobs(void)
{
    struct hfx_rows_error error;
    struct hfx_job_row *rows, copy;
    size_t count;

    check(hfx_job_rows_parse(faxd_sendq, strlen(faxd_sendq), &rows, &count, &error) == HFX_ROWS_OK && count == 2
              && !error.skipped, "faxd's send queue: 2 jobs");
    if (count == 2) {
        check(rows[0].id == 1 && !strcmp(rows[0].field[HFX_JOB_ID], "1") && !strcmp(rows[0].field[HFX_JOB_STATE], "W")
                  && !strcmp(rows[0].field[HFX_JOB_OWNER], "root") && !strcmp(rows[0].field[HFX_JOB_NUMBER], "1002")
                  && !strcmp(rows[0].field[HFX_JOB_RECIPIENT], "Ann Example")
                  && !strcmp(rows[0].field[HFX_JOB_SENDER], "Bo Sender") && !strcmp(rows[0].field[HFX_JOB_MODEM], "any"),
              "faxd job 1: id, state, owner, number, recipient, sender, modem");
        /* the format has no escape: a '|' in the tag moves the rest into the status, as it always did */
        check(!strcmp(rows[0].field[HFX_JOB_TAG], "tag")
                  && !strcmp(rows[0].field[HFX_JOB_STATUS], "with bar|The server's queue is paused"),
              "faxd job 1: a '|' in the tag shifts it into the status (\"%s\")", rows[0].field[HFX_JOB_STATUS]);
        check(rows[1].id == 2 && !strcmp(rows[1].field[HFX_JOB_NUMBER], "+1 555 0199")
                  && !strcmp(rows[1].field[HFX_JOB_RECIPIENT], "\xc3\x9cn\xc3\xaf" "code R\xc3\xa9")
                  && !strcmp(rows[1].field[HFX_JOB_TAG], "")
                  && !strcmp(rows[1].field[HFX_JOB_STATUS], "The server's queue is paused")
                  && rows[1].pages_total == 0 && rows[1].pages_sent == 0,
              "faxd job 2: UTF-8 recipient, empty tag, status without the CR");
        check(hfx_job_row_copy(&rows[1], &copy) == HFX_ROWS_OK && copy.id == 2 && copy.text != rows[1].text
                  && !strcmp(copy.field[HFX_JOB_STATUS], rows[1].field[HFX_JOB_STATUS])
                  && !strcmp(copy.field[HFX_JOB_OWNER], "root"), "a copied job row owns equal fields");
        hfx_job_row_free(&copy);
    }
    hfx_job_rows_free(rows, count);

    check(hfx_job_rows_parse(hylafax_sendq, strlen(hylafax_sendq), &rows, &count, &error) == HFX_ROWS_OK
              && count == 2, "hfaxd's send queue: 2 jobs");
    if (count == 2)
        check(rows[0].id == 1 && !strcmp(rows[0].field[HFX_JOB_STATE], "T") && !strcmp(rows[0].field[HFX_JOB_STATUS],
              "with bar|") && rows[1].id == 2 && !strcmp(rows[1].field[HFX_JOB_SENDER], "x"),
              "hfaxd jobs: state T, the tag's bar, sender");
    hfx_job_rows_free(rows, count);

    /* hfaxd pads what a width asks for; the values are read without the trailing blanks */
    static const char padded[] = "7   |P|root  |1002|3 |1|any||||Blocked by concurrent cal  \r\n";
    check(hfx_job_rows_parse(padded, strlen(padded), &rows, &count, NULL) == HFX_ROWS_OK && count == 1
              && rows[0].id == 7 && rows[0].pages_total == 3 && !strcmp(rows[0].field[HFX_JOB_OWNER], "root")
              && !strcmp(rows[0].field[HFX_JOB_STATUS], "Blocked by concurrent cal"), "padded fields are trimmed");
    hfx_job_rows_free(rows, count);

    check(hfx_job_rows_parse("", 0, &rows, &count, &error) == HFX_ROWS_OK && count == 0 && !error.skipped,
          "an empty queue: no rows");
    hfx_job_rows_free(rows, count);
}

static void test_hostile_jobs(void)
{
    struct hfx_rows_error error;
    struct hfx_job_row *rows, row;
    size_t count;

    static const char mixed[] =
        "1|P|root\n"                                           /* too few fields */
        "0|P|root|1002|0|0|any||||\n"                          /* id 0 */
        "x|P|root|1002|0|0|any||||\n"                          /* id not a number */
        "5|P|root|1002|many|0|any||||\n"                       /* pages not a number */
        "9999999999|P|root|1002|0|0|any||||\n"                 /* id beyond a LONG */
        "-3|P|root|1002|0|0|any||||\n"                         /* negative id */
        "\n\r\n"                                               /* empty lines: not rows */
        "8|P|root|1002|1|0|any||||ok\n";
    enum hfx_rows_status status = hfx_job_rows_parse(mixed, strlen(mixed), &rows, &count, &error);
    check(status == HFX_ROWS_OK && count == 1
              && rows[0].id == 8 && error.skipped == 6 && error.line == 1 && strstr(error.detail, "line 1: 3 of 11"),
          "6 bad rows left out, the good one read (%zu rows, %zu skipped, \"%s\")", count, error.skipped, error.detail);
    hfx_job_rows_free(rows, count);

    check(hfx_job_row_parse("x|P|root|1002|0|0|any||||", 25, &row, &error) == HFX_ROWS_ERR_NUMBER
              && error.status == HFX_ROWS_ERR_NUMBER && strstr(error.detail, "job id") && !row.text,
          "a bad job id is named (\"%s\")", error.detail);

    /* a NUL inside a row, then an overlong row: both left out, the rows around them read */
    static const char nul_row[] = "1|P|root|10\0002|0|0|any||||\n";
    size_t long_size = HFX_ROWS_MAX_LINE + 100;
    char *listing = malloc(long_size + 200), *at = listing;
    memcpy(at, nul_row, sizeof(nul_row) - 1);
    at += sizeof(nul_row) - 1;
    at += sprintf(at, "2|P|root|1002|0|0|any||||");
    memset(at, 'x', long_size);
    at += long_size;
    at += sprintf(at, "\n3|P|root|1002|0|0|any||||last");
    check(hfx_job_rows_parse(listing, (size_t)(at - listing), &rows, &count, &error) == HFX_ROWS_OK && count == 1
              && rows[0].id == 3 && !strcmp(rows[0].field[HFX_JOB_STATUS], "last") && error.skipped == 2
              && error.line == 1 && strstr(error.detail, "NUL"),
          "a NUL row and a %zu-byte row left out (\"%s\")", long_size, error.detail);
    hfx_job_rows_free(rows, count);
    check(hfx_job_rows_parse(listing + sizeof(nul_row) - 1, (size_t)(at - listing) - (sizeof(nul_row) - 1), &rows,
                             &count, &error) == HFX_ROWS_OK
              && count == 1 && error.skipped == 1 && strstr(error.detail, "bytes; at most"),
          "the overlong row's error says so (\"%s\")", error.detail);
    hfx_job_rows_free(rows, count);
    free(listing);

    /* more rows than are read: refused before anything is allocated for them */
    size_t lines = HFX_ROWS_MAX + 1;
    char *many = malloc(lines * 2);
    for (size_t i = 0; i < lines; i++)
        memcpy(many + 2 * i, "1\n", 2);
    check(hfx_job_rows_parse(many, lines * 2, &rows, &count, &error) == HFX_ROWS_ERR_TOO_MANY && !rows && !count
              && error.status == HFX_ROWS_ERR_TOO_MANY, "%zu lines are too many (\"%s\")", lines, error.detail);
    check(hfx_job_rows_parse(many, (lines - 1) * 2, &rows, &count, &error) == HFX_ROWS_OK && count == 0
              && error.skipped == lines - 1, "%zu short lines: read, all left out", lines - 1);
    hfx_job_rows_free(rows, count);
    free(many);
}

static void test_ports(void)
{
    struct hfx_rows_error error;
    struct hfx_port_row *rows, row;
    size_t count;

    check(hfx_port_rows_parse(faxd_ports, strlen(faxd_ports), HFX_PORTS_FAXD, &rows, &count, &error) == HFX_ROWS_OK
              && count == 2, "faxd's ports: 2");
    if (count == 2)
        check(rows[1].device_id == 2 && !strcmp(rows[1].name, "loop1002") && !strcmp(rows[1].number, "1002")
                  && rows[1].rings == 1 && !strcmp(rows[1].csid, "1002") && !strcmp(rows[1].tsid, "1002")
                  && rows[1].send && rows[1].receive && rows[1].priority == 2 && rows[1].can_modify
                  && !strcmp(rows[1].state, "Running and idle"), "faxd port 2: every field");
    free(rows);

    check(hfx_port_rows_parse(hylafax_status, strlen(hylafax_status), HFX_PORTS_HYLAFAX, &rows, &count, &error)
              == HFX_ROWS_OK && count == 1 && !error.skipped, "hfaxd's status: the scheduler line, then 1 modem");
    if (count == 1)
        check(rows[0].device_id == 1 && !strcmp(rows[0].name, "ttyS9") && !strcmp(rows[0].number, "+1.555.0100")
                  && !strcmp(rows[0].csid, "+1.555.0100") && !strcmp(rows[0].tsid, "+1.555.0100")
                  && !strcmp(rows[0].state, "Running and idle") && rows[0].rings == 1 && rows[0].send
                  && rows[0].receive && rows[0].priority == 1 && !rows[0].can_modify, "hfaxd modem: every field");
    free(rows);
    static const char no_modems[] = "HylaFAX scheduler on vm: Running\r\n";
    check(hfx_port_rows_parse(no_modems, strlen(no_modems), HFX_PORTS_HYLAFAX, &rows, &count, &error) == HFX_ROWS_OK
              && count == 0 && !error.skipped, "hfaxd with no modems: no ports");
    free(rows);
    static const char odd_modems[] = "\r\nHylaFAX scheduler on vm: Running\r\nbroken\r\nttyS1|1|Idle|x\r\nttyS2||\r\n";
    check(hfx_port_rows_parse(odd_modems, strlen(odd_modems), HFX_PORTS_HYLAFAX, &rows, &count, &error) == HFX_ROWS_OK
              && count == 2 && error.skipped == 1 && error.line == 3 && rows[0].device_id == 1
              && !strcmp(rows[0].state, "Idle|x") && rows[1].device_id == 2 && rows[1].priority == 2,
          "modems number only the rows read; a status keeps its '|'");
    free(rows);

    static const char *const bad[] = {
        "1|loop|1001|1|1001|1001|1|1|1|1",                 /* 10 fields */
        "1|loop|1001|many|1001|1001|1|1|1|1|Idle",         /* rings */
        "-1|loop|1001|1|1001|1001|1|1|1|1|Idle",           /* device id */
        "1|loop|1001|1|1001|1001|yes|1|1|1|Idle",          /* send */
        "1|loop|1001|1|1001|1001|1|1|1|2147483648|Idle",   /* canmodify beyond a LONG */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        check(hfx_port_row_parse_faxd(bad[i], strlen(bad[i]), &row, &error) != HFX_ROWS_OK && error.detail[0],
              "faxd port row refused: %s (\"%s\")", bad[i], error.detail);

    /* texts longer than their fields are cut, and never inside a UTF-8 character */
    char line[400], name[100];
    memset(name, 'n', 62);
    strcpy(name + 62, "\xc3\xa9tail");   /* the é would straddle the 64-byte field's end */
    snprintf(line, sizeof(line), "0|%s|1001|-2|c|t|0|-1|7|0|%0200d", name, 0);
    enum hfx_rows_status status = hfx_port_row_parse_faxd(line, strlen(line), &row, &error);
    check(status == HFX_ROWS_OK && strlen(row.name) == 62
              && strlen(row.state) == sizeof(row.state) - 1 && row.rings == -2 && !row.send && row.receive
              && row.device_id == 0, "long texts cut at a character boundary (name %zu bytes)", strlen(row.name));
}

static void test_routes(void)
{
    struct hfx_rows_error error;
    struct hfx_route_row *rows, row;
    size_t count;

    check(hfx_route_rows_parse(faxd_routes, strlen(faxd_routes), &rows, &count, &error) == HFX_ROWS_OK && count == 3,
          "faxd's routing methods: 3");
    if (count == 3)
        check(!strcmp(rows[2].guid, "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}") && !rows[2].enabled
                  && !strcmp(rows[2].friendly, "Route through e-mail") && !strcmp(rows[2].function, "RouteToEmail")
                  && !strcmp(rows[2].image, "faxd") && !strcmp(rows[2].extension, "openfaxcom faxd routing")
                  && !strcmp(rows[2].data, ""), "the e-mail method: every field");
    free(rows);
    static const char enabled[] = "{g}|1|F|f|i|e|/srv/fax|in\n";
    check(hfx_route_row_parse(enabled, strlen(enabled) - 1, &row, &error) == HFX_ROWS_OK && row.enabled
              && !strcmp(row.data, "/srv/fax|in"), "an enabled method; its data keeps a '|'");
    check(hfx_route_row_parse("{g}|on|F|f|i|e|d", 16, &row, &error) == HFX_ROWS_ERR_NUMBER
              && hfx_route_row_parse("{g}|1|F|f|i|e", 13, &row, &error) == HFX_ROWS_ERR_FIELDS,
          "a method with a word for enabled, or 6 fields, is refused");
}

static void test_status(void)
{
    struct hfx_rows_error error;
    struct hfx_port_status status;

    check(hfx_status_parse(faxd_status, strlen(faxd_status), &status, &error) == HFX_ROWS_OK && !error.skipped
              && !strcmp(status.description, "Running and idle") && !strcmp(status.csid, "1001")
              && !strcmp(status.tsid, "1001") && !strcmp(status.address, "") && !status.send && !status.receive
              && status.start_time == 0, "faxd's idle status");
    static const char busy[] =
        "State: Sending\r\nDescription: Sending page 2: ok\r\nCurrentPage: 2\r\nPageCount: 3\r\nSend: 1\r\n"
        "DocumentSize: 20480\r\nStartTime: 1796523600\r\nSubmittedTime: 1796523590\r\nSenderName: Bo: Sender\r\n"
        "Address: 1002\r\nRecipientName: Ann\r\nRoutingString: r\r\nDocumentName: d.tif\r\nCallerId: c\r\n"
        "Kind: sip\r\nNewKey: later versions\r\n";
    check(hfx_status_parse(busy, strlen(busy), &status, &error) == HFX_ROWS_OK && !error.skipped
              && !strcmp(status.description, "Sending page 2: ok") && status.current_page == 2
              && status.page_count == 3 && status.send && status.document_size == 20480
              && status.start_time == 1796523600LL && status.submitted_time == 1796523590LL
              && !strcmp(status.sender_name, "Bo: Sender") && !strcmp(status.address, "1002")
              && !strcmp(status.recipient_name, "Ann") && !strcmp(status.routing, "r")
              && !strcmp(status.document_name, "d.tif") && !strcmp(status.caller_id, "c")
              && !strcmp(status.state, "Sending") && !strcmp(status.kind, "sip"),
          "a sending line's status, CR LF and an unknown key included");
    static const char hostile[] =
        "Description no colon\nCurrentPage: two\nPageCount: -1\nStartTime: 99999999999999999999\n"
        "Send: 1\nDocumentSize: 2147483648\nCsid: \xff\xfe\n";
    enum hfx_rows_status parsed = hfx_status_parse(hostile, strlen(hostile), &status, &error);
    check(parsed == HFX_ROWS_OK && error.skipped == 5
              && error.line == 1 && status.send && status.current_page == 0 && status.start_time == 0
              && !strcmp(status.csid, "\xff\xfe"), "5 bad status lines left out, the rest read (%zu, \"%s\")",
          error.skipped, error.detail);
    check(hfx_status_line_parse("PageCount: 7x", 13, &status, &error) == HFX_ROWS_ERR_NUMBER
              && strstr(error.detail, "PageCount"), "a bad number names its key (\"%s\")", error.detail);
}

int main(void)
{
    test_helpers();
    test_real_jobs();
    test_hostile_jobs();
    test_ports();
    test_routes();
    test_status();
    printf("hfx rows: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
