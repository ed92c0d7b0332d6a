/* Reading a document to send, for faxcom.dll and winfax.dll alike. */
#ifndef OPENFAXCOM_FAX_FILE_H
#define OPENFAXCOM_FAX_FILE_H

#include <windows.h>

#define FAX_FILE_MAX_SIZE (100u * 1024 * 1024)

/* The whole file, malloc'd with a NUL after it. ERROR_SUCCESS, or the Win32 error: CreateFile's
 * (ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_ACCESS_DENIED ...), ERROR_FILE_TOO_LARGE above
 * FAX_FILE_MAX_SIZE, ERROR_READ_FAULT, ERROR_NOT_ENOUGH_MEMORY. */
DWORD fax_read_file(const WCHAR *path, char **data, size_t *size);

#endif
