// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {CustodianBoard} from "../src/sol/CustodianBoard.sol";
import {System} from "./System.sol";

/// @notice Forge fuzz tests of the fee rule and of lots under many holdings and merges.
contract FeeAndLotsTest is System {
    address internal constant A = address(0xA);
    address internal constant B = address(0xB);

    function setUp() public {
        deploySystem();
    }

    /// @notice ⌈a/1000⌉ + ⌈b/1000⌉ ≥ ⌈(a+b)/1000⌉: cutting a payment in two never lowers its fee, and
    /// the fee is the exact ceiling of 0.1 %.
    function testFuzz_splittingNeverLowersTheFee(uint256 a, uint256 b) public view {
        a %= 1e40;
        b %= 1e40;
        require(token.feeOn(a) + token.feeOn(b) >= token.feeOn(a + b), "split paid less");
        require(token.feeOn(a) * 1000 >= a && (token.feeOn(a) == 0 || (token.feeOn(a) - 1) * 1000 < a), "not the ceiling");
    }

    /// @notice Up to 24 lots of two funds bought by A, then a chain of plain and named transfers to and
    /// from B: holdings never exceed the cap, always add up to the balance, and the TET per fund of
    /// issue is conserved except for what the fee fund received.
    function testFuzz_lotsFollowTransfersWithinTheCap(uint8 lots, uint256 seed) public {
        uint256 n = 1 + uint256(lots) % 24;
        for (uint256 i; i < n; ++i) _buy(A, uint256(keccak256(abi.encode(seed, i))) % 2 == 0 ? RUB : EUR, 1 + i);
        uint256 rub = token.outstanding(RUB);
        uint256 eur = token.outstanding(EUR);
        for (uint256 i; i < 12; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, "t", i)));
            (address from, address to) = r % 2 == 0 ? (A, B) : (B, A);
            uint256 amount = token.balanceOf(from) * (r >> 8 & 1023) / 1023;
            vm.prank(from);
            token.transfer(to, amount);
            _check(A);
            _check(B);
            _check(INFRA);
        }
        require(token.outstanding(RUB) + token.outstanding(EUR) + token.outstanding(bytes32(0)) == rub + eur, "TET lost");
        require(token.balanceOf(A) + token.balanceOf(B) + token.balanceOf(INFRA) == rub + eur, "balances lost");
    }

    function _check(address who) private view {
        (uint64[] memory ids, uint256[] memory amounts) = token.lotsOf(who);
        require(ids.length <= token.MAX_HOLDINGS(), "over the cap");
        uint256 sum;
        for (uint256 i; i < ids.length; ++i) {
            require(amounts[i] == token.holdingOf(who, ids[i]) && amounts[i] != 0, "bad holding");
            sum += amounts[i];
        }
        require(sum == token.balanceOf(who), "holdings != balance");
    }

    function _buy(address to, bytes32 fund, uint256 i) private {
        CustodianBoard.Deposit memory a = CustodianBoard.Deposit(fund, 100 * i, to, bytes32(i), 0, type(uint64).max);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(CUSTODIAN_KEY, board.depositDigest(a));
        bytes[] memory sigs = new bytes[](1);
        sigs[0] = abi.encodePacked(r, s, v);
        board.deposit(a, sigs);
    }
}
