// The libFuzzer entry points of every target over the functions: each target
// defines fuzz::one_call, which reads one call's arguments and checks what the
// function answers. Every input starts from an empty rules cache.

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    truepipe::fuzz::isolate_from_user_rules();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    truepipe::clear_rules_cache();
    truepipe::fuzz::input in(data, size);
    truepipe::fuzz::arena store;
    truepipe::fuzz::one_call(in, store);
    return 0;
}
