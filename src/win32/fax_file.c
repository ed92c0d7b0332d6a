/* Reading a document to send (fax_file.h). */
#include "fax_file.h"

#include <stdlib.h>

DWORD fax_read_file(const WCHAR *path, char **data, size_t *size)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    LARGE_INTEGER length;
    DWORD got = 0, code = ERROR_SUCCESS;

    *data = NULL;
    *size = 0;
    if (file == INVALID_HANDLE_VALUE)
        return GetLastError();
    if (!GetFileSizeEx(file, &length) || length.QuadPart > FAX_FILE_MAX_SIZE) {
        CloseHandle(file);
        return ERROR_FILE_TOO_LARGE;
    }
    *size = (size_t)length.QuadPart;
    if (!(*data = malloc(*size + 1)))
        code = ERROR_NOT_ENOUGH_MEMORY;
    else if (*size && (!ReadFile(file, *data, (DWORD)*size, &got, NULL) || got != *size))
        code = ERROR_READ_FAULT;
    CloseHandle(file);
    if (code != ERROR_SUCCESS) {
        free(*data);
        *data = NULL;
        *size = 0;
        return code;
    }
    (*data)[*size] = 0;
    return ERROR_SUCCESS;
}
