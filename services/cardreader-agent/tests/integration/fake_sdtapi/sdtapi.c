/* A stand-in for a vendor's libsdtapi.so, for the sdk backend's tests: the same functions
 * and status codes, its state read from files in $FAKE_SDTAPI_DIR at every call:
 *   card      256 text bytes then the photo: a card lies on the reader
 *   unplugged the reader is gone (0x01 from every call)
 *   failread  reading the card fails (0x41)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has(const char *name) {
    char path[1024];
    const char *dir = getenv("FAKE_SDTAPI_DIR");
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", name);
    f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

static int opened = 0;

int SDT_OpenPort(int port) {
    if (has("unplugged") || port != 1001) return 0x01;
    opened = 1;
    return 0x90;
}

int SDT_ClosePort(int port) { (void)port; opened = 0; return 0x90; }

int SDT_GetSAMIDToStr(int port, char *out, int open) {
    (void)port; (void)open;
    if (!opened || has("unplugged")) return 0x01;
    strcpy(out, "05.01-20101028-0011187052-2147603829");
    return 0x90;
}

int SDT_StartFindIDCard(int port, unsigned char *iin, int open) {
    (void)port; (void)open;
    if (!opened || has("unplugged")) return 0x01;
    memset(iin, 0, 4);
    return has("card") ? 0x9F : 0x80;
}

int SDT_SelectIDCard(int port, unsigned char *sn, int open) {
    (void)port; (void)open;
    memset(sn, 0, 8);
    return has("card") ? 0x90 : 0x81;
}

int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len,
                    unsigned char *photo, unsigned int *photo_len, int open) {
    char path[1024];
    const char *dir = getenv("FAKE_SDTAPI_DIR");
    FILE *f;
    (void)port; (void)open;
    if (has("failread")) return 0x41;
    snprintf(path, sizeof path, "%s/card", dir ? dir : ".");
    f = fopen(path, "rb");
    if (!f) return 0x41;
    *text_len = (unsigned int)fread(text, 1, 256, f);
    *photo_len = (unsigned int)fread(photo, 1, 1024, f);
    fclose(f);
    return 0x90;
}
