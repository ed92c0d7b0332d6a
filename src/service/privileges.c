#include "privileges.h"

#include <errno.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uid_t owner_uid;
static gid_t owner_gid;

/* lchown, never chown: a symlink planted in the spool must not hand its target to faxd's user. */
static int give(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)flag, (void)ftw;
    if (info->st_uid == owner_uid && info->st_gid == owner_gid)
        return 0;
    return lchown(path, owner_uid, owner_gid) == 0 ? 0 : -1;
}

bool privileges_drop(const char *user, const char *spool, char *why, size_t why_size)
{
    struct passwd *account = getpwnam(user);

    if (!account) {
        snprintf(why, why_size, "user %s: no such account", user);
        return false;
    }
    if (geteuid() != 0)
        return true;
    if (account->pw_uid == 0) {
        snprintf(why, why_size, "user %s is root: give faxd an account of its own", user);
        return false;
    }
    owner_uid = account->pw_uid;
    owner_gid = account->pw_gid;
    /* nftw is not thread-safe with these statics, but this runs once, before any session thread. */
    if (nftw(spool, give, 16, FTW_PHYS) != 0) {
        snprintf(why, why_size, "cannot give the spool %s to %s: %s", spool, user, strerror(errno));
        return false;
    }
    if (setgroups(1, &account->pw_gid) != 0 || setgid(account->pw_gid) != 0 || setuid(account->pw_uid) != 0) {
        snprintf(why, why_size, "cannot become %s: %s", user, strerror(errno));
        return false;
    }
    if (setuid(0) == 0 || geteuid() == 0) {   /* a half-done drop would be worse than none */
        snprintf(why, why_size, "root could be regained after becoming %s", user);
        return false;
    }
    return true;
}
