/*
 * The fax TIFF fixtures every test layer reads: the engine unit tests natively, and the C, VBScript
 * and JScript clients under Wine. make_fixtures writes them into a folder; the values they carry are
 * listed here (the scripts under tests/com repeat them, and say so).
 */
#ifndef OPENFAXCOM_FIXTURES_H
#define OPENFAXCOM_FIXTURES_H

#include <stdint.h>

#define FIXTURE_RECIPIENT_NAME   "Zo\xc3\xab Recipient"   /* non-ASCII on purpose (UTF-8 "Zoë") */
#define FIXTURE_RECIPIENT_NUMBER "+1 555 0199"
#define FIXTURE_SENDER_NAME      "Sam Sender"
#define FIXTURE_ROUTING          "DID 4711"
#define FIXTURE_CALLER_ID        "5550100"
#define FIXTURE_TSID             "+1 555 0100"
#define FIXTURE_CSID             "+1 555 0199"
#define FIXTURE_RECEIVE_UNIX     1709647620           /* 2024-03-05 14:07:00 UTC */
#define FIXTURE_RECEIVE_FILETIME 133541212200000000ull
#define FIXTURE_HYLAFAX_TSI      "+49 30 1234567"
#define FIXTURE_HYLAFAX_DATETIME "2024:03:05 15:07:00"
#define FIXTURE_SPANDSP_SUBADDRESS "4711"
#define FIXTURE_BIG_TAG_LENGTH   65536
#define FIXTURE_UNICODE_NAME     "unicode-f\xc3\xa4x-\xe4\xbc\xa0\xe7\x9c\x9f-\xce\xa9.tif"   /* fäx-传真-Ω */
#define FIXTURE_PAGE_WIDTH       1728
#define FIXTURE_PAGE_LENGTH      1100

/* Writes every fixture into dir (which must exist). Returns 0, or -1 with a message on stderr. */
int make_fixtures(const char *dir);

/* The page image the fixtures carry (1-bit, 0 = white, MSB first); free() it. */
uint8_t *fixture_page_rows(int page_number);

#endif
