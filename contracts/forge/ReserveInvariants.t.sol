// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {PaymentRouter} from "../src/sol/PaymentRouter.sol";
import {Reserve} from "../src/sol/Reserve.sol";
import {ReserveBase} from "../src/sol/ReserveBase.sol";
import {TestStablecoin} from "../src/sol/TestStablecoin.sol";
import {TETToken} from "../src/sol/TETToken.sol";
import {console2 as console} from "forge-std/console2.sol";
import {Handler} from "./Handler.sol";

/// @notice Forge invariant tests: after every call of every random sequence of the Handler's actions,
/// the reserve's promises hold, checked from outside the contracts' own bookkeeping.
contract ReserveInvariantsTest {
    Handler internal h;
    TETToken internal token;
    Reserve internal reserve;
    TestStablecoin internal usd;
    address internal router;
    address internal settlement;

    function setUp() public {
        h = new Handler();
        address t;
        address r;
        address u;
        (t, r, u, router, settlement) = h.system();
        (token, reserve, usd) = (TETToken(t), Reserve(r), TestStablecoin(u));
    }

    /// @dev Forge fuzzes only the handler (the StdInvariant hook, by its selector).
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(h);
    }

    function invariant_supplyIsCirculatingPlusPools() public view {
        Reserve.State memory s = reserve.state();
        require(s.totalSupply == s.circulating + s.frozen + s.buffers, "supply != circulating + pools");
        require(token.balanceOf(address(reserve)) == s.frozen + s.buffers, "reserve holds more than its pools");
    }

    function invariant_circulatingBackedOutsideDeficit() public view {
        Reserve.State memory s = reserve.state();
        bytes32[] memory ids = reserve.fundIds();
        uint256 backing;
        for (uint256 i; i < ids.length; ++i) {
            ReserveBase.Fund memory f = reserve.fundOf(ids[i]);
            backing += f.amount * f.rate / 10 ** f.decimals;
            require(f.buffer <= f.value, "a buffer exceeds its fund");
        }
        require(backing == s.backing, "backing != sum of amount x rate");
        require(s.circulating + s.buffers == s.backing + s.deficit, "identity");
        if (s.deficit == 0) require(s.circulating <= backing, "circulating > backing without deficit");
        else require(s.buffers == 0 && s.deficit == s.circulating - backing, "deficit not exact");
    }

    function invariant_everyTokenInOneLot() public view {
        address[6] memory holders = [h.actors(0), h.actors(1), h.actors(2), address(0x1F0), router, settlement];
        uint256 inLots;
        uint256[4] memory perFund; // RUB, EUR, USD, MIXED
        for (uint256 i; i < holders.length; ++i) {
            (uint64[] memory ids, uint256[] memory amounts) = token.lotsOf(holders[i]);
            require(ids.length <= token.MAX_HOLDINGS(), "too many holdings");
            uint256 sum;
            for (uint256 j; j < ids.length; ++j) {
                require(amounts[j] != 0, "empty holding");
                sum += amounts[j];
                perFund[_slot(token.lot(ids[j]).fund)] += amounts[j];
            }
            require(sum == token.balanceOf(holders[i]), "holdings != balance");
            inLots += sum;
        }
        require(inLots == reserve.circulating(), "circulating tokens outside lots");
        bytes32[4] memory funds = [bytes32("RUB"), bytes32("EUR"), bytes32(uint256(uint160(address(usd)))), bytes32(0)];
        for (uint256 k; k < 4; ++k) require(token.outstanding(funds[k]) == perFund[k], "outstanding != holdings");
        require(token.totalSerials() == reserve.totalIssued(), "serials != issued");
    }

    function invariant_noParFlowWhileStale() public view {
        require(h.parFlowsWhileStale() == 0, "a deposit or redemption went through while a fund was stale");
    }

    function invariant_custodyHoldsTheErc20Fund() public view {
        ReserveBase.Fund memory f = reserve.fundOf(bytes32(uint256(uint160(address(usd)))));
        require(usd.balanceOf(address(reserve)) >= f.amount, "custody short");
        require(token.balanceOf(router) == 0, "the router kept TET");
    }

    /// @notice The handler is not vacuous: a long pseudo-random walk through the same actions reaches
    /// successful flows, staleness and deficit, with every invariant checked after each step.
    function test_handlerReachesStaleAndDeficitStates() public {
        for (uint256 i; i < 400; ++i) {
            uint256 r = uint256(keccak256(abi.encode(i)));
            uint256 k = r % 7;
            if (k == 0) h.deposit(r >> 8, (r >> 16) % 2 == 0, r >> 24);
            else if (k == 1) h.depositToken(r >> 8, r >> 16);
            else if (k == 2) h.redeem(r >> 8, r >> 16, r >> 24, (r >> 32) % 2 == 0);
            else if (k == 3) h.transfer(r >> 8, r >> 16, r >> 24, (r >> 32) % 2 == 0);
            else if (k == 4) h.fx(r >> 8, r >> 16);
            else if (k == 5) h.pay(r >> 8, r >> 16, r >> 24, (r >> 32) % 2 == 0);
            else h.wait(r >> 8);
            invariant_supplyIsCirculatingPlusPools();
            invariant_circulatingBackedOutsideDeficit();
            invariant_everyTokenInOneLot();
            invariant_noParFlowWhileStale();
            invariant_custodyHoldsTheErc20Fund();
        }
        console.log("succeeded %s, stale %s, deficit %s", h.succeeded(), h.staleSeen(), h.deficitSeen());
        require(h.succeeded() > 40 && h.staleSeen() > 0 && h.deficitSeen() > 0, "the walk missed a state");
    }

    function _slot(bytes32 fund) private view returns (uint256) {
        if (fund == "RUB") return 0;
        if (fund == "EUR") return 1;
        if (fund == bytes32(uint256(uint160(address(usd))))) return 2;
        require(fund == bytes32(0), "unknown fund");
        return 3;
    }
}
