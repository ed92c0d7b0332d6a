/*
 * Test support: builds TIFF files byte by byte, including the malformed and Windows-exact encodings
 * (SRATIONAL[8] times, wrong types, loops, cut files) that libtiff refuses to write.
 */
#ifndef OPENFAXCOM_TIFFCRAFT_H
#define OPENFAXCOM_TIFFCRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tiffcraft;

struct tiffcraft *tiffcraft_new(bool big_endian);
void tiffcraft_free(struct tiffcraft *craft);

/* A tag with count values of its type, given in host order as the type's C representation
 * (uint8_t, char, uint16_t, uint32_t, uint32_t pairs for rationals, float, double). */
void tiffcraft_add(struct tiffcraft *craft, uint16_t tag, uint16_t type, uint32_t count, const void *values);
/* A tag whose stored bytes are given as they are, whatever its count claims (for bad and
 * Windows-specific encodings). Bytes that fit in 4 are stored inline. */
void tiffcraft_add_raw(struct tiffcraft *craft, uint16_t tag, uint16_t type, uint32_t count, const void *bytes,
                       size_t size);
void tiffcraft_add_ascii(struct tiffcraft *craft, uint16_t tag, const char *text);

/* An uncompressed image for the page, in strips (one) or tiles (16 x 16); adds the image tags. */
void tiffcraft_image(struct tiffcraft *craft, uint32_t width, uint32_t length, uint16_t bits_per_sample,
                     bool tiled);

/* The file in memory (malloc'd); ifd_offset (may be NULL) receives where the directory starts.
 * image_first = false puts the directory before the image data. */
uint8_t *tiffcraft_build(struct tiffcraft *craft, bool image_first, size_t *size, size_t *ifd_offset);
int tiffcraft_write(struct tiffcraft *craft, const char *path);
int tiffcraft_save(const char *path, const void *data, size_t size);

#endif
