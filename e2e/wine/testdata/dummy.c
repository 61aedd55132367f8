/* A stand-in for a WPS program (wpscloudsvr.exe): it only waits, so the
 * Wine stage can see a "running cloud component" in the process list. */
#include <windows.h>

int main(void)
{
    Sleep(INFINITE);
    return 0;
}
