// One planted bug of each kind a sanitizer build is there to catch. The build's
// sanitizer.<bug> test runs it and passes only when the sanitizer reported the
// bug and failed the run: proof that the build's tests run under the sanitizer
// and that a finding fails them.
//
//   truepipe_sanitizer_canary overflow|undefined|leak|race
#include <climits>
#include <cstdio>
#include <string_view>
#include <thread>
#include <vector>

namespace {

// Volatile, so that no optimisation removes what is planted.
void* volatile kept = nullptr;
volatile int counter = 0;

int overflow() {
    std::vector<int> cells(4, 1);
    volatile int* data = cells.data();
    return data[4];  // one past the end of the heap block
}

int undefined() {
    volatile int largest = INT_MAX;
    return largest + 1;  // signed overflow
}

int leak() {
    kept = new char[64];
    kept = nullptr;  // the only pointer to the block is gone
    return 0;
}

int race() {
    auto add = [] {
        for (int i = 0; i < 1000; ++i) counter = counter + 1;  // unsynchronised from two threads
    };
    std::thread first(add);
    std::thread second(add);
    first.join();
    second.join();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view bug = argc == 2 ? argv[1] : "";
    if (bug == "overflow") return overflow();
    if (bug == "undefined") return undefined();
    if (bug == "leak") return leak();
    if (bug == "race") return race();
    std::fputs("usage: truepipe_sanitizer_canary overflow|undefined|leak|race\n", stderr);
    return 2;
}
