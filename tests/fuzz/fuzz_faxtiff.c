/* libFuzzer target for the fax TIFF reader: parse, then read every tag and field as FaxTiff would. */
#include <stdlib.h>

#include "faxtiff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct faxtiff *tiff = NULL;
    char *text = NULL;
    uint64_t filetime;

    if (faxtiff_parse_memory(data, size, &tiff, NULL) != FAXTIFF_OK)
        return 0;
    for (size_t i = 0; i < faxtiff_entry_count(tiff); i++) {
        faxtiff_tag_text(tiff, faxtiff_entry_at(tiff, i)->tag, &text, NULL);
        free(text);
    }
    for (int field = 0; field < FAXTIFF_FIELD_COUNT; field++) {
        faxtiff_field_text(tiff, (enum faxtiff_field)field, &text, NULL);
        free(text);
    }
    faxtiff_receive_time(tiff, &filetime, NULL);
    for (size_t page = 0; page < faxtiff_page_count(tiff); page++)
        (void)faxtiff_page(tiff, page);
    faxtiff_free(tiff);
    return 0;
}
