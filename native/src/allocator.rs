//! The extension module's allocator: mimalloc, reserving address space in small steps.
//!
//! A solve makes many small, short-lived scopes and slices; glibc's allocator was ~15% of the solve
//! time. mimalloc reserves 1 GiB of address space for its first arena by default, which breaks
//! processes under an address-space limit (`ulimit -v`, RLIMIT_AS: pyrer's evaluation worker, farm
//! jobs): its arenas are reserved 64 MiB at a time instead. Rust allocations only; Python keeps its own.

use std::alloc::{GlobalAlloc, Layout};
use std::os::raw::{c_int, c_long};
use std::sync::Once;

/// `mi_option_arena_reserve` in mimalloc 3's `mi_option_e` (its value is in KiB).
const MI_OPTION_ARENA_RESERVE: c_int = 23;
const ARENA_RESERVE_KIB: c_long = 64 * 1024;

extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
}

static CONFIGURE: Once = Once::new();

struct Allocator;

impl Allocator {
    #[inline]
    fn configured() {
        // (before mimalloc's first allocation; `Once` itself does not allocate)
        CONFIGURE
            .call_once(|| unsafe { mi_option_set(MI_OPTION_ARENA_RESERVE, ARENA_RESERVE_KIB) });
    }
}

unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::configured();
        mimalloc::MiMalloc.alloc(layout)
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::configured();
        mimalloc::MiMalloc.alloc_zeroed(layout)
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        mimalloc::MiMalloc.dealloc(ptr, layout)
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        mimalloc::MiMalloc.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;
