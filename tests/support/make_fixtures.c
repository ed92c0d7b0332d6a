/* make_fixtures DIR: writes the fax TIFF fixtures (fixtures.h) for the tests under Wine. */
#include <stdio.h>
#include <tiffio.h>

#include "fixtures.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_fixtures DIR\n");
        return 2;
    }
    TIFFSetWarningHandler(NULL);   /* spandsp reads the Windows tags as unknown: expected */
    return make_fixtures(argv[1]) ? 1 : 0;
}
