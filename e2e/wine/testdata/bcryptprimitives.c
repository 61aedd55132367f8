/* Test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8.0 lacks.
 * Every Go >= 1.22 Windows binary needs its ProcessPrng at start
 * (runtime.loadOptionalSyscalls); Windows 10+ has it. This forwards to
 * BCryptGenRandom, which Wine implements. Built by the Wine stage
 * (make test-windows) into a throw-away prefix; never shipped. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
