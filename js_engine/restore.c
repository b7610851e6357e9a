/*
 * The host's native reset helper (Linux): puts a recycled sandbox's linear
 * memory back to its snapshot in one call.  runtime/engine/pages.py
 * describes the method; runtime/engine/native.py builds and loads this.
 *
 * One call asks the kernel for the memory's private pages (PAGEMAP_SCAN: the
 * pages the guest wrote) and copies each run of them back from the same
 * offset of the template's memory.  Python paid ~0.3 us per run for the
 * same copies, and as much again to unpack the scan.
 *
 * It writes only inside [start, start + length): every run the kernel
 * reports is checked against those bounds before it is copied.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

/* linux/fs.h (6.7+), spelled out: the build must not depend on the headers'
 * age.  _IOWR('f', 16, struct pm_scan_arg) */
#define PAGEMAP_SCAN 0xC0606610UL
#define PAGE_IS_FILE (1u << 2)
#define PAGE_IS_PRESENT (1u << 3)
#define PAGE_IS_SWAPPED (1u << 4)
#define PAGE_IS_PFNZERO (1u << 5)

struct page_region { uint64_t start, end, categories; };

struct pm_scan_arg {
    uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages,
             category_inverted, category_mask, category_anyof_mask, return_mask;
};

#define RUNS 64

/*
 * Copy every private page of [start, start + length) from source + the same
 * offset.  Returns the bytes copied; -1 once they pass `most` (some runs may
 * have been copied: the caller reverts the whole memory instead); -2 - errno
 * when the scan fails, -2 alone when the kernel's answer makes no sense.
 */
int64_t fnbox_restore(int pagemap, uint64_t start, uint64_t length, uint64_t source, uint64_t most)
{
    struct page_region runs[RUNS];
    const uint64_t end = start + length;
    uint64_t copied = 0;
    struct pm_scan_arg arg = {
        .size = sizeof arg, .start = start, .end = end,
        .vec = (uint64_t)(uintptr_t)runs, .vec_len = RUNS,
        /* private: present or swapped out, neither a file's page (the
         * snapshot) nor the zero page */
        .category_inverted = PAGE_IS_FILE | PAGE_IS_PFNZERO,
        .category_mask = PAGE_IS_FILE | PAGE_IS_PFNZERO,
        .category_anyof_mask = PAGE_IS_PRESENT | PAGE_IS_SWAPPED,
    };
    if (end < start)
        return -2;
    for (;;) {
        arg.walk_end = 0;
        int found = ioctl(pagemap, PAGEMAP_SCAN, &arg);
        if (found < 0)
            return -2 - errno;
        if (found > RUNS)
            return -2;
        for (int i = 0; i < found; i++) {
            uint64_t from = runs[i].start, to = runs[i].end;
            if (from < start || to > end || from >= to)
                return -2;
            copied += to - from;
            if (copied > most)
                return -1;
            memcpy((void *)(uintptr_t)from, (const void *)(uintptr_t)(source + (from - start)), to - from);
        }
        if (arg.walk_end >= end)
            return (int64_t)copied;
        if (arg.walk_end <= arg.start)
            return -2;
        arg.start = arg.walk_end;
    }
}
